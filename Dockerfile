# One image for every fluxo function that runs outside Lambda (ECS, Fargate, Kubernetes).
# SERVICE_NAME picks the function; its kind picks how it runs (docs/deploy.md):
#   SQS consumer  -> polls QUEUE_URL, GET /health on PORT
#   HTTP function -> serves on PORT (GET /health)
#   scheduled     -> runs once and exits 0/1 (ECS scheduled task, Kubernetes CronJob)

# 1. Compile src/ to lib/ (esbuild is a dev dependency: it stays in this stage).
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY scripts/build-cli.mjs ./scripts/
RUN node scripts/build-cli.mjs

# 2. Production dependencies only.
FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

# 3. The runtime: compiled code, production dependencies, migrations; no sources, no compilers.
FROM node:22-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json ./
COPY bin ./bin
COPY scripts/build-cli.mjs ./scripts/
COPY migrations ./migrations
RUN ln -s /app/bin/fluxo.js /usr/local/bin/fluxo
USER node
EXPOSE 8080
# The process stops on SIGTERM: a consumer finishes the batch in hand, a server its open requests.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["fluxo", "service"]
