import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import type { CommandContext } from '../io.js';
import { environment } from '../../shared/config.js';

function integer(value: string, flag: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new UsageError(`${flag} must be ${min}-${max}`);
  return parsed;
}

/** An SQS queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`, or a local endpoint's): anything else is refused now, not retried forever. */
export function queueUrlOf(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname.split('/').filter(Boolean).length < 2) throw new UsageError(`--queue-url must be an SQS queue URL like https://sqs.us-east-1.amazonaws.com/123456789012/my-queue, got ${JSON.stringify(text)}`);
  return url;
}

/**
 * The functions as long-running services outside Lambda (ECS, Fargate, Kubernetes), on
 * the real AWS adapters: `consume` (SQS kind), `serve` (HTTP kind), `work` (scheduled
 * kind) and `service`, which picks one of them from SERVICE_NAME as a container does.
 */
export function registerConsume(program: Command, context: CommandContext): void {
  const say = (line: string) => context.io.err(line);
  program
    .command('consume')
    .description('long-poll a real SQS queue and feed each batch to a function, as Lambda would (SIGTERM/Ctrl-C finishes the batch in hand, then stops)')
    .argument('<function>', 'an SQS-kind function, e.g. client_ingest')
    .requiredOption('-q, --queue-url <url>', 'SQS queue URL')
    .option('--batch-size <n>', 'messages per batch (1-10)', '10')
    .option('--wait-seconds <n>', 'long-poll wait (0-20)', '20')
    .option('--health-port <n>', 'serve GET /health on this port')
    .option('--health-host <address>', 'address /health binds (0.0.0.0 in a container)', '127.0.0.1')
    .option('--unhealthy-after-seconds <n>', '/health turns 503 when receives have failed this long', '60')
    .option('--once', 'stop when the queue is empty')
    .action(async (name: string, options: { queueUrl: string; batchSize: string; waitSeconds: string; healthPort?: string; healthHost: string; unhealthyAfterSeconds: string; once?: boolean }) => {
      queueUrlOf(options.queueUrl);
      const batchSize = integer(options.batchSize, '--batch-size', 1, 10);
      const waitSeconds = integer(options.waitSeconds, '--wait-seconds', 0, 20);
      const healthPort = options.healthPort === undefined ? undefined : integer(options.healthPort, '--health-port', 0, 65_535);
      const unhealthy = integer(options.unhealthyAfterSeconds, '--unhealthy-after-seconds', 1, 86_400);
      const { consume } = await import('../../service/run.js');
      const stats = await consume(name, { queueUrl: options.queueUrl, batchSize, waitSeconds, healthPort, healthHost: options.healthHost, unhealthyAfterMs: unhealthy * 1000, once: options.once, say });
      say(`consumed ${stats.received} messages: ${stats.deleted} done, ${stats.failed} left for redelivery${stats.failed ? ' (the reasons are in the log lines above, by messageId)' : ''}`);
      // A drain that left messages behind did not do its job: say so to the script that ran it.
      if (options.once && stats.failed > 0) context.setCode?.(1);
    });
  program
    .command('serve')
    .description('serve an HTTP-kind function (e.g. whatsapp_webhook) as a plain HTTP server, each request as the API Gateway event its Lambda gets; GET /health')
    .argument('<function>', 'an HTTP-kind function')
    .option('-p, --port <n>', 'port', '8080')
    .option('--host <address>', 'address to bind (0.0.0.0 in a container)', '127.0.0.1')
    .action(async (name: string, options: { port: string; host: string }) => {
      const { serve } = await import('../../service/run.js');
      await serve(name, { port: integer(options.port, '--port', 0, 65_535), host: options.host, say });
    });
  program
    .command('work')
    .description('run a scheduled-kind function (e.g. ops_transitions) once with an EventBridge event, then exit 0 or 1 (an ECS scheduled task, a CronJob)')
    .argument('<function>', 'a scheduled-kind function')
    .action(async (name: string) => {
      const { work } = await import('../../service/run.js');
      await work(name, { say });
    });
  program
    .command('service')
    .description("a container's entry point: SERVICE_NAME picks the function and its kind how it runs (SQS: consume QUEUE_URL with /health on PORT; HTTP: serve on PORT; scheduled: run once)")
    .action(async () => {
      const { service } = await import('../../service/run.js');
      await service(environment(), say);
    });
}
