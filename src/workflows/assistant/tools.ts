import { z } from 'zod';
import { CATEGORIES, isCategory } from '../../domain/assistant/categories.js';
import type { Ledger, LedgerRow } from '../../ports/ledger.js';

const DATE = { type: 'string', description: 'A date as YYYY-MM-DD (resolve "hoje", "ontem", "dia 3" against today).' };

/** The assistant's tools, as Responses API function tools (strict JSON schema). */
export const TOOLS = [
  {
    type: 'function',
    name: 'add_expense',
    description: 'Adds one expense to the ledger (Excel workbook).',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        date: DATE,
        category: { type: 'string', enum: [...CATEGORIES] },
        description: { type: 'string', description: 'A few words: what was bought.' },
        amount: { type: 'number', description: 'In BRL, positive.' },
      },
      required: ['date', 'category', 'description', 'amount'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'get_expenses_by_category',
    description: 'Total and rows of one category between two dates (inclusive).',
    strict: true,
    parameters: {
      type: 'object',
      properties: { category: { type: 'string', enum: [...CATEGORIES] }, start_date: DATE, end_date: DATE },
      required: ['category', 'start_date', 'end_date'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'get_expenses_by_period',
    description: 'Total, total per category and rows between two dates (inclusive).',
    strict: true,
    parameters: {
      type: 'object',
      properties: { start_date: DATE, end_date: DATE },
      required: ['start_date', 'end_date'],
      additionalProperties: false,
    },
  },
] as const;

export type ToolName = (typeof TOOLS)[number]['name'];

const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

function need<T>(ok: boolean, value: T, message: string): T {
  if (!ok) throw new ToolInputError(message);
  return value;
}

/** A tool called with arguments it cannot use: answered to the model as `{error}`, never a crash. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function summarize(rows: LedgerRow[]) {
  const byCategory: Record<string, number> = {};
  for (const row of rows) byCategory[row.category] = round2((byCategory[row.category] ?? 0) + row.amount);
  return { total: round2(rows.reduce((sum, row) => sum + row.amount, 0)), count: rows.length, by_category: byCategory, rows: rows.slice(0, 50) };
}

/**
 * Runs one function call against the ledger. `reference` (the call id) goes in
 * Observações, so a retried call does not add the row twice.
 */
export async function runTool(ledger: Ledger, name: string, args: Record<string, unknown>, reference: string): Promise<unknown> {
  try {
    if (!TOOLS.some((tool) => tool.name === name)) throw new ToolInputError(`unknown tool ${name}`);
    if (name === 'add_expense') {
      const row: LedgerRow = {
        date: need(isDate(args.date), String(args.date), 'date must be YYYY-MM-DD'),
        category: need(isCategory(args.category), String(args.category), `category must be one of ${CATEGORIES.join(', ')}`),
        description: need(typeof args.description === 'string' && args.description.trim() !== '', String(args.description).trim().slice(0, 200), 'description is required'),
        amount: need(typeof args.amount === 'number' && Number.isFinite(args.amount) && args.amount > 0 && args.amount < 1e9, round2(Number(args.amount)), 'amount must be a positive number'),
        notes: `WhatsApp ${reference}`,
      };
      const added = await ledger.add(row);
      return { ok: true, added: added !== false, row: { date: row.date, category: row.category, description: row.description, amount: row.amount } };
    }
    const from = need(isDate(args.start_date), String(args.start_date), 'start_date must be YYYY-MM-DD');
    const to = need(isDate(args.end_date), String(args.end_date), 'end_date must be YYYY-MM-DD');
    need(from <= to, 0, 'start_date must not be after end_date');
    if (name === 'get_expenses_by_category') {
      const category = need(isCategory(args.category), String(args.category), `category must be one of ${CATEGORIES.join(', ')}`);
      return summarize(await ledger.list({ category, from, to }));
    }
    return summarize(await ledger.list({ from, to }));
  } catch (error) {
    if (error instanceof ToolInputError || (error as Error)?.name === 'ToolInputError') return { error: (error as Error).message };
    throw error;
  }
}

/** One function call as the model sends it: its arguments are a JSON text. */
export const toolCallInput = z.object({ callId: z.string().min(1), name: z.string().min(1), arguments: z.string() });

/**
 * The RunTool state: runs one function call against the ledger and answers with the
 * `function_call_output` text the model reads (an `{error}` it can act on, never a throw,
 * for arguments it got wrong).
 */
export async function runToolCall(ledger: Ledger, call: z.infer<typeof toolCallInput>): Promise<{ callId: string; output: string; failed: boolean }> {
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { callId: call.callId, output: JSON.stringify({ error: 'arguments are not valid JSON' }), failed: true };
  }
  const output = await runTool(ledger, call.name, args, call.callId);
  return { callId: call.callId, output: JSON.stringify(output), failed: Boolean((output as { error?: string }).error) };
}
