import type { Command } from 'commander';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { UsageError } from '../../platform/errors.js';
import type { CommandContext } from '../io.js';

export function registerConsume(program: Command, context: CommandContext): void {
  program
    .command('consume')
    .description('long-poll a real SQS queue and feed each batch to a function, as Lambda would (Ctrl-C finishes the batch in hand, then stops)')
    .argument('<function>', 'an SQS-kind function, e.g. client_ingest')
    .requiredOption('-q, --queue-url <url>', 'SQS queue URL')
    .option('--batch-size <n>', 'messages per batch (1-10)', '10')
    .option('--wait-seconds <n>', 'long-poll wait (0-20)', '20')
    .option('--once', 'stop when the queue is empty')
    .action(async (name: string, options: { queueUrl: string; batchSize: string; waitSeconds: string; once?: boolean }) => {
      const [{ pollQueue }, { SqsQueue }, { handlers }, { composeAws }, { lambdaContext }] = await Promise.all([
        import('../../adapters/aws/sqs-poller.js'),
        import('../../adapters/aws/sqs-sns.js'),
        import('../../handlers/registry.js'),
        import('../../handlers/wiring/all.js'),
        import('../../local/functions.js'),
      ]);
      const module = handlers[name];
      if (!module) throw new UsageError(`unknown function ${name} (known: ${Object.keys(handlers).join(', ')})`);
      const batchSize = Number(options.batchSize);
      const waitSeconds = Number(options.waitSeconds);
      if (!(batchSize >= 1 && batchSize <= 10)) throw new UsageError('--batch-size must be 1-10');
      if (!(waitSeconds >= 0 && waitSeconds <= 20)) throw new UsageError('--wait-seconds must be 0-20');
      const deps = await composeAws();
      const handler = module.build(deps) as (event: SQSEvent, ctx: Context) => Promise<SQSBatchResponse>;
      const controller = new AbortController();
      const stop = () => {
        context.io.err('stopping after the current batch…');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const stats = await pollQueue({
          client: new SqsQueue({ region: deps.config.AWS_REGION, endpoint: deps.config.AWS_ENDPOINT_URL }).client,
          queueUrl: options.queueUrl,
          handler: (event) => handler(event, lambdaContext(name)),
          logger: deps.logger,
          batchSize,
          waitTimeSeconds: waitSeconds,
          signal: controller.signal,
          maxEmptyReceives: options.once ? 1 : undefined,
        });
        context.io.err(`consumed ${stats.received} messages: ${stats.deleted} done, ${stats.failed} left for redelivery`);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
