import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Health {
  /** 200 while healthy, 503 when an orchestrator should restart the process. */
  status: 200 | 503;
  body: Record<string, unknown>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Answers `GET /health` with the probe's status and body (the check ECS, a load balancer or Kubernetes calls); 404 for anything else. */
export async function startHealthServer(port: number, probe: () => Health, host = '127.0.0.1'): Promise<HealthServer> {
  const server = createServer((request, response) => {
    request.resume();
    const { status, body } = request.method === 'GET' && (request.url ?? '').split('?')[0] === '/health' ? probe() : { status: 404, body: { error: 'NotFoundError' } };
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  });
  return { port: await listenOn(server, port, host), close: () => closeServer(server) };
}

export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
