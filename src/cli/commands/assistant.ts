import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ChatTurn } from '../../local/stack/chat.js';
import { UsageError } from '../../shared/errors.js';
import type { LedgerRow } from '../../ports/ledger.js';
import { printJson, type CommandContext } from '../io.js';

function printTurn(context: CommandContext, turn: ChatTurn): void {
  if (turn.heard !== null) context.io.err(`heard: "${turn.heard}"`);
  for (const call of turn.toolCalls) context.io.err(`tool ${call.name}(${JSON.stringify(call.arguments)}) -> ${JSON.stringify(call.result).slice(0, 300)}`);
  context.io.err(turn.executionName ? `execution assistant-turn/${turn.executionName}: ${turn.status}, ${turn.transitions} transitions` : 'no turn started');
  context.io.out(turn.reply || '(no reply)');
  for (const image of turn.media) context.io.out(`[image] ${image.caption}: ${image.file}`);
}

/** `2024-02-29` yes, `2024-13-45` and `2023-02-29` no: a real day of the calendar, as YYYY-MM-DD. */
function calendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function registerAssistant(program: Command, context: CommandContext): void {
  program
    .command('chat')
    .description('send a WhatsApp message to the assistant as Twilio would (a signed webhook request) and print the reply')
    .argument('[text]', 'the message text', '')
    .option('--from <sender>', 'the sender, whatsapp:+<digits>', 'whatsapp:+5511999990000')
    .option('--audio <file>', 'a voice note (.ogg/.opus, .mp3, .m4a, .wav, .webm, .amr)')
    .option('--json', 'print {reply, replies, heard, toolCalls, executionName, status, transitions}')
    .action(async (text: string, options: { from: string; audio?: string; json?: boolean }) => {
      if (!text.trim() && !options.audio) throw new UsageError('say something: fluxo chat "gastei 32,50 no almoço hoje" (or --audio file.ogg)');
      if (!/^whatsapp:\+\d{8,15}$/.test(options.from)) throw new UsageError('--from must look like whatsapp:+5511999990000');
      let audio: { body: Buffer; fileName: string } | undefined;
      if (options.audio) {
        const file = options.audio;
        audio = { body: await readFile(file).catch(() => Promise.reject(new UsageError(`--audio: cannot read ${file}`))), fileName: path.basename(file) };
      }
      const { chat } = await import('../../local/stack/chat.js');
      const turn = await chat(await context.stack(), { text, from: options.from, audio });
      if (options.json) printJson(context.io, turn);
      else printTurn(context, turn);
      if (turn.status !== 'SUCCEEDED') context.setCode?.(1);
    });

  const expenses = program.command('expenses').description('the ledger the assistant writes ($FLUXO_HOME/ledger.xlsx locally)');
  expenses
    .command('list')
    .description('list expenses, oldest first')
    .option('--category <name>', 'only this category')
    .option('--from <date>', 'from this date (YYYY-MM-DD)')
    .option('--to <date>', 'up to this date (YYYY-MM-DD)')
    .option('--sender <sender>', "only this sender's rows (whatsapp:+<digits>)")
    .option('--json', 'print JSON rows {id, date, category, description, amount, notes, sender}')
    .action(async (options: { category?: string; from?: string; to?: string; sender?: string; json?: boolean }) => {
      for (const key of ['from', 'to'] as const) if (options[key] !== undefined && !calendarDate(options[key] ?? '')) throw new UsageError(`--${key} must be a date YYYY-MM-DD, got ${JSON.stringify(options[key])}`);
      if (options.from && options.to && options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      if (options.sender !== undefined && !/^whatsapp:\+\d{8,15}$/.test(options.sender)) throw new UsageError('--sender must look like whatsapp:+5511999990000');
      const rows: LedgerRow[] = await (await context.stack()).deps.ledger.list({ sender: options.sender, category: options.category, from: options.from, to: options.to });
      if (options.json) return printJson(context.io, rows);
      if (!rows.length) return context.io.out('no expenses yet');
      const { formatBrl } = await import('../../domain/format.js');
      const width = Math.max(...rows.map((row) => row.description.length), 9);
      for (const row of rows) context.io.out(`${row.date}  ${row.category.padEnd(11)}  ${row.description.padEnd(width)}  ${formatBrl(row.amount).padStart(12)}  ${row.sender ?? ''}`.trimEnd());
      context.io.out(`${rows.length} expense${rows.length === 1 ? '' : 's'}, total ${formatBrl(rows.reduce((sum, row) => sum + row.amount, 0))}`);
    });
}
