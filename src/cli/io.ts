import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../shared/errors.js';
import type { LocalStack } from '../local/stack/compose.js';

/** Where a command writes; the dev server captures it to answer forwarded commands. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Reads standard input (for `--event -`). */
  stdin(): Promise<string>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  },
};

export function captureIo(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => void stdout.push(text), err: (text) => void stderr.push(text), stdin: async () => stdin };
}

/** What every command gets: its output and a way to the local stack. */
export interface CommandContext {
  io: Io;
  /** The local stack: the dev server's own when forwarded, else one opened for this command. */
  stack(): Promise<LocalStack>;
  /** Sets the exit code without throwing (the command printed its result, which is a failure). */
  setCode?: (code: number) => void;
}

/** `<json>`, `@file` or `-` (stdin) -> a parsed JSON value; bad input is a UsageError. */
export async function readJsonArgument(value: string, io: Io, what: string): Promise<unknown> {
  let text = value;
  if (value === '-') text = await io.stdin();
  else if (value.startsWith('@')) text = await readFile(value.slice(1), 'utf8').catch(() => {
    throw new UsageError(`${what}: cannot read ${value.slice(1)}`);
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what}: not valid JSON${value.startsWith('@') ? ` in ${value.slice(1)}` : ''}`);
  }
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** A `list`-style subcommand: `--json` prints the rows as JSON, otherwise `render(rows)`, or `empty` when there are none. */
export function listCommand<T>(parent: Command, context: CommandContext, spec: { name: string; description: string; rows: (stack: LocalStack) => Promise<T[]>; render: (rows: T[]) => string; empty: string }): void {
  parent
    .command(spec.name)
    .description(spec.description)
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await spec.rows(await context.stack());
      if (options.json) return printJson(context.io, rows);
      context.io.out(rows.length ? spec.render(rows) : spec.empty);
    });
}
