import type { Command } from 'commander';
import { CLIENT_MACHINE, executionNameFor } from '../../workflows/clients/ingest.js';
import { listCommand, printJson, readJsonArgument, type CommandContext } from '../io.js';

/** The topic existing producers publish to (serverless.yml: NewClientNotificationTopic). */
export const CLIENT_TOPIC = 'NewClientNotification';

function table(rows: Record<string, unknown>[], columns: string[]): string {
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => String(row[column] ?? ''))))].join('\n');
}

export function registerClients(program: Command, context: CommandContext): void {
  const publish = program.command('publish').description('publish a message to a local topic, as a producer would');
  publish
    .command('client')
    .description(`publish a ${CLIENT_TOPIC} message ({"name_costumer","email","phone"}) and wait for its registration`)
    .argument('<json>', 'the message, as JSON, @file or -')
    .action(async (text: string) => {
      const message = await readJsonArgument(text, context.io, 'message');
      const stack = await context.stack();
      const snsMessageId = await stack.bus.publish(CLIENT_TOPIC, JSON.stringify(message));
      await stack.settle();
      const name = executionNameFor(snsMessageId);
      const execution = await stack.engine.store.get(CLIENT_MACHINE, name).catch(() => undefined);
      printJson(context.io, { messageId: snsMessageId, execution: name, status: execution?.status ?? 'PENDING', result: execution?.output ?? (execution?.error ? { error: execution.error } : null) });
    });

  const clients = program.command('clients').description('registered clients and rejected messages');
  listCommand(clients, context, {
    name: 'list',
    description: 'list registered clients',
    rows: async (stack) => (await stack.deps.clients()).list(),
    render: (rows) => table(rows as unknown as Record<string, unknown>[], ['id', 'name', 'email', 'phone', 'updatedAt']),
    empty: 'no clients yet',
  });
  listCommand(clients, context, {
    name: 'rejections',
    description: 'list rejected messages with their reasons (personal data masked)',
    rows: async (stack) => (await stack.deps.clients()).rejections(),
    render: (rows) => table(rows.map((row) => ({ ...row, payload: JSON.stringify(row.payload) })), ['messageId', 'reason', 'recordedAt', 'payload']),
    empty: 'no rejections',
  });
}
