import type { Context } from 'aws-lambda';
import type { SecretsManagerStore } from '../adapters/aws/secrets-manager.js';
import type { AwsClientSettings } from '../adapters/aws/clients.js';
import { baseConfigSchema, environment, loadConfig, SecretConfigCache, type BaseConfig, type ConfigSource } from '../shared/config.js';
import { createLogger } from '../platform/logger.js';
import { ownConfig, type UseCaseSettings } from './wiring/config-needs.js';
import type { BaseDeps, Deps, PortName, Ports } from '../ports/index.js';

/** What every AWS adapter may be built from: config (env + the function's secrets, FLUXO_SECRET_IDS), the secret store, SDK settings. */
export interface AwsBase extends BaseDeps {
  env: ConfigSource;
  config: BaseConfig;
  secrets: SecretsManagerStore;
  /** Region, and `AWS_ENDPOINT_URL` when set (moto in tests). */
  settings: AwsClientSettings;
}

/**
 * Builds one port from the base; called once per container. A provider imports its SDK
 * (`await import(...)`) inside itself, so a module that only names it (a handler run locally
 * on a worker thread) loads no AWS SDK; esbuild still inlines it into the Lambda bundle.
 */
export type Provider<K extends PortName> = (base: AwsBase) => Deps[K] | Promise<Deps[K]>;

/** The providers of the ports a handler uses (`src/handlers/wiring/*.ts`, one file per port). */
export type Wiring<K extends PortName> = { [P in K]: Provider<P> };

let cache: SecretConfigCache | undefined;

/**
 * The AWS composition root's base: config from env + the function's secrets (cached
 * per container until its TTL), a logger named after the function, EMF metrics.
 */
export async function awsBase(env: ConfigSource = environment()): Promise<AwsBase> {
  const [{ SecretsManagerStore }, { EmfMetrics }] = await Promise.all([import('../adapters/aws/secrets-manager.js'), import('../adapters/aws/emf-metrics.js')]);
  const secrets = new SecretsManagerStore({ region: env.AWS_REGION ?? 'us-east-1', endpoint: env.AWS_ENDPOINT_URL });
  // One cache per container: warm invocations reuse the secret until its TTL.
  cache ??= new SecretConfigCache((id) => secrets.get(id));
  const config = await loadConfig(baseConfigSchema, env, { cache });
  const service = env.AWS_LAMBDA_FUNCTION_NAME ?? 'fluxo';
  return {
    env,
    config,
    secrets,
    settings: { region: config.AWS_REGION, endpoint: config.AWS_ENDPOINT_URL },
    logger: createLogger({ service, level: config.LOG_LEVEL }),
    metrics: new EmfMetrics(config.STAGE, service),
  };
}

/** The base plus the ports `wiring` names, each built by its provider. */
export async function wire<K extends PortName>(base: AwsBase, wiring: Wiring<K>): Promise<Ports<K>> {
  const ports = Object.fromEntries(await Promise.all(Object.entries(wiring).map(async ([name, provider]) => [name, await (provider as (base: AwsBase) => unknown)(base)])));
  return { config: base.config, logger: base.logger, metrics: base.metrics, ...ports } as Ports<K>;
}

/**
 * A Lambda `main` and the ports its wiring names. `exactly` is there for the type only:
 * as a parameter it makes K invariant, so the manifest's check that a function's `main`
 * wires its ports fails on a port too many as on a port too few.
 */
export type Wired<K extends PortName> = { readonly ports: readonly K[]; readonly settings: readonly UseCaseSettings[]; readonly exactly: (port: K) => void };

/**
 * Turns a handler factory into a Lambda `main`: the base and the ports named in
 * `wiring` are composed on the first invocation and reused while the container
 * is warm. The function's config holds only its ports' settings and those of its use case
 * (`settings`, as its manifest entry names them): the keys it cannot run without are checked
 * then, every missing one in one line. A handler imports only the providers of the ports it uses, so its
 * bundle holds only their adapters (a validation Lambda never loads openai).
 *
 * @example export const main = onAws({ objects: s3Objects }, build);
 */
export function onAws<K extends PortName, E, R>(
  wiring: Wiring<K>,
  build: (deps: NoInfer<Ports<K>>) => (event: E, context: Context) => Promise<R>,
  settings: readonly UseCaseSettings[] = [],
): ((event: E, context: Context) => Promise<R>) & Wired<K> {
  let handler: Promise<(event: E, context: Context) => Promise<R>> | undefined;
  const main = async (event: E, context: Context): Promise<R> => {
    handler ??= awsBase().then(
      async (base) => {
        // Every setting its ports and use case need, checked at once: a deploy mistake is one line at cold start.
        const config = ownConfig(base.config, Object.keys(wiring) as K[], settings);
        return build(await wire({ ...base, config }, wiring));
      },
      (error: unknown) => {
        handler = undefined;
        throw error;
      },
    );
    return (await handler)(event, context);
  };
  return Object.assign(main, { ports: Object.keys(wiring) as K[], settings, exactly: () => undefined });
}
