import * as z from '../../platform/zod.js';
import { CATEGORIES } from '../../domain/assistant/categories.js';
import { ConflictError } from '../../platform/errors.js';
import type { KeyValueStore } from '../../ports/key-value-store.js';
import type { Ledger, RowFields, StoredRow } from '../../ports/ledger.js';

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'), z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a calendar date'));
const isoDate = () => date.check(z.describe('A date as YYYY-MM-DD (resolve "hoje", "ontem", "dia 3", "semana passada" against today).'));
const category = z.enum(CATEGORIES);
const amount = z.number().check(z.positive(), z.lt(1e9), z.describe('In BRL, positive.'));
const description = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.describe('A few words: what was bought.'));

/**
 * The assistant's tools, defined once in zod: the arguments are validated with these
 * schemas, and the JSON schemas the model gets (Responses API function tools, strict)
 * are generated from them. Optional fields are `nullable` (strict mode needs every
 * property listed in `required`).
 */
export const TOOL_SCHEMAS = {
  add_expense: {
    description: 'Adds one expense to the ledger (Excel workbook).',
    schema: z.object({ date: isoDate(), category, description, amount }),
  },
  get_expenses_by_category: {
    description: 'Total and rows of one category between two dates (inclusive).',
    schema: z.object({ category, start_date: isoDate(), end_date: isoDate() }),
  },
  get_expenses_by_period: {
    description: 'Total, total per category and rows between two dates (inclusive). Set chart to true when the user asks for an overview ("resumo do mês", "como estão meus gastos?"): a bar chart of the categories is sent with the reply.',
    schema: z.object({ start_date: isoDate(), end_date: isoDate(), chart: z.boolean().check(z.describe('Send a bar chart image of the totals per category with the reply.')) }),
  },
  delete_last_expense: {
    description: "Deletes the user's most recent expense (\"apaga o último\"). Answers with the row removed.",
    schema: z.object({}),
  },
  update_expense: {
    description: 'Corrects one of the user\'s expenses ("não, foi 45", "era Lazer, não Outros"). row: "last" for the most recent one, or the id of a row a query returned. fields: the new values, null for those that stay.',
    schema: z.object({
      row: z.string().check(z.minLength(1), z.describe('"last", or a row id from a previous tool result.')),
      fields: z.object({ date: z.nullable(isoDate()), category: z.nullable(category), description: z.nullable(description), amount: z.nullable(amount) }),
    }),
  },
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
const isToolName = (name: string): name is ToolName => Object.hasOwn(TOOL_SCHEMAS, name);

/** Keywords OpenAI's strict mode does not take (the arguments are still checked against the zod schema). */
const UNSUPPORTED = new Set(['$schema', 'minLength', 'maxLength']);

function strictSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strictSchema);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key]) => !UNSUPPORTED.has(key)).map(([key, inner]) => [key, key === 'properties' ? Object.fromEntries(Object.entries(inner as object).map(([name, property]) => [name, strictSchema(property)])) : strictSchema(inner)]);
  const schema = Object.fromEntries(entries) as Record<string, unknown>;
  return schema.type === 'object' ? { ...schema, required: schema.required ?? [] } : schema;
}

const jsonSchema = (schema: z.ZodMiniType) => strictSchema(z.toJSONSchema(schema)) as Record<string, unknown>;

/** The tools as Responses API function tools (strict JSON schema), generated from TOOL_SCHEMAS. */
export const TOOLS = Object.entries(TOOL_SCHEMAS).map(([name, tool]) => ({ type: 'function' as const, name, description: tool.description, strict: true, parameters: jsonSchema(tool.schema) }));

/** A tool called with arguments it cannot use: answered to the model as `{error}`, never a crash. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

const round2 = (value: number) => Math.round(value * 100) / 100;

const visible = (row: StoredRow) => ({ id: row.id, date: row.date, category: row.category, description: row.description, amount: row.amount });

function summarize(rows: StoredRow[]) {
  const byCategory: Record<string, number> = {};
  for (const row of rows) byCategory[row.category] = round2((byCategory[row.category] ?? 0) + row.amount);
  return { total: round2(rows.reduce((sum, row) => sum + row.amount, 0)), count: rows.length, by_category: byCategory, rows: rows.slice(-50).map(visible) };
}

/** A bar chart the reply carries (rendered when the reply is sent). */
export interface ChartSpec {
  title: string;
  bars: { label: string; value: number }[];
}

/** Where a tool call runs: whose ledger rows, the call's reference, and the journal of edits. */
export interface ToolContext {
  ledger: Ledger;
  /** The WhatsApp sender: every read and edit is limited to their rows. */
  sender: string;
  /** The call id: the row's reference for adds, the journal key for edits. */
  reference: string;
  /** Where deletions are journaled, so a retried call removes nothing more. */
  journal?: { kv: KeyValueStore; table: string };
}

const journalKey = (reference: string) => ({ sender: `edit#${reference}` });
const JOURNAL_DAYS = 30;

/**
 * delete_last_expense, idempotent per call: the row it targets is written to the journal
 * before the row is removed, and the answer after; a retried call (a Lambda retry, a
 * redriven turn) finds the journal and removes that same row or nothing.
 */
async function deleteLast(context: ToolContext): Promise<unknown> {
  const { ledger, sender, reference, journal } = context;
  const saved = journal ? await journal.kv.get(journal.table, journalKey(reference)) : undefined;
  if (saved?.output) return saved.output;
  let target = saved?.row as StoredRow | undefined;
  if (!target) {
    target = (await ledger.list({ sender })).at(-1);
    if (!target) return { ok: false, deleted: null, message: 'no expense to delete' };
    if (journal) {
      try {
        await journal.kv.put(journal.table, { ...journalKey(reference), row: target, expiresAt: Math.floor(Date.now() / 1000) + JOURNAL_DAYS * 86_400 }, { ifAbsent: true, keyAttribute: 'sender' });
      } catch (error) {
        if (!(error instanceof ConflictError || (error as Error).name === 'ConflictError')) throw error;
        return deleteLast(context);
      }
    }
  }
  await ledger.remove(sender, target.id);
  const output = { ok: true, deleted: visible(target) };
  if (journal) await journal.kv.put(journal.table, { ...journalKey(reference), row: target, output, expiresAt: Math.floor(Date.now() / 1000) + JOURNAL_DAYS * 86_400 });
  return output;
}

async function updateOne(context: ToolContext, args: z.infer<(typeof TOOL_SCHEMAS)['update_expense']['schema']>): Promise<unknown> {
  const { ledger, sender } = context;
  const fields: RowFields = Object.fromEntries(Object.entries(args.fields).filter(([, value]) => value !== null));
  if (Object.keys(fields).length === 0) throw new ToolInputError('fields: give at least one new value');
  const rows = await ledger.list({ sender });
  const current = args.row === 'last' ? rows.at(-1) : rows.find((row) => row.id === args.row);
  if (!current) return { ok: false, updated: null, message: args.row === 'last' ? 'no expense to update' : `no expense with id ${args.row}` };
  const before = visible(current);
  const updated = await ledger.update(sender, current.id, fields);
  if (!updated) return { ok: false, updated: null, message: `no expense with id ${current.id}` };
  return { ok: true, before, updated: visible(updated), changed: Object.keys(fields) };
}

/**
 * Runs one function call against the sender's rows of the ledger. Arguments the model
 * got wrong come back as `{error}` it can act on. A chart request comes back as `chart`.
 */
export async function runTool(context: ToolContext, name: string, args: Record<string, unknown>): Promise<{ output: unknown; chart?: ChartSpec }> {
  if (!isToolName(name)) return { output: { error: `unknown tool ${name}` } };
  const parsed = TOOL_SCHEMAS[name].schema.safeParse(args);
  if (!parsed.success) return { output: { error: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'} ${issue.message}`).join('; ') } };
  const { ledger, sender, reference } = context;
  try {
    switch (name) {
      case 'add_expense': {
        const row = TOOL_SCHEMAS.add_expense.schema.parse(args);
        const stored = { ...row, amount: round2(row.amount), notes: `WhatsApp ${reference}`, sender };
        const added = await ledger.add(stored);
        return { output: { ok: true, added, row: visible({ ...stored, id: stored.notes }) } };
      }
      case 'get_expenses_by_category': {
        const { category: wanted, start_date: from, end_date: to } = TOOL_SCHEMAS.get_expenses_by_category.schema.parse(args);
        if (from > to) throw new ToolInputError('start_date must not be after end_date');
        return { output: summarize(await ledger.list({ sender, category: wanted, from, to })) };
      }
      case 'get_expenses_by_period': {
        const { start_date: from, end_date: to, chart } = TOOL_SCHEMAS.get_expenses_by_period.schema.parse(args);
        if (from > to) throw new ToolInputError('start_date must not be after end_date');
        const summary = summarize(await ledger.list({ sender, from, to }));
        const bars = Object.entries(summary.by_category).map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
        return chart && bars.length > 0 ? { output: { ...summary, chart: true }, chart: { title: `Gastos de ${br(from)} a ${br(to)}`, bars } } : { output: summary };
      }
      case 'delete_last_expense':
        return { output: await deleteLast(context) };
      case 'update_expense':
        return { output: await updateOne(context, TOOL_SCHEMAS.update_expense.schema.parse(args)) };
    }
  } catch (error) {
    if (error instanceof ToolInputError || (error as Error)?.name === 'ToolInputError') return { output: { error: (error as Error).message } };
    throw error;
  }
}

const br = (value: string) => `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;

/** One function call as the model sends it (its arguments are a JSON text), with the turn's sender. */
export const toolCallInput = z.object({ callId: z.string().check(z.minLength(1)), name: z.string().check(z.minLength(1)), arguments: z.string(), sender: z.string().check(z.minLength(1)) });

/**
 * The RunTool state: runs one function call and answers with the `function_call_output`
 * text the model reads, and the chart the reply should carry (null when none).
 */
export async function runToolCall(
  context: Omit<ToolContext, 'sender' | 'reference'>,
  call: z.infer<typeof toolCallInput>,
): Promise<{ callId: string; output: string; chart: ChartSpec | null; failed: boolean }> {
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { callId: call.callId, output: JSON.stringify({ error: 'arguments are not valid JSON' }), chart: null, failed: true };
  }
  const { output, chart } = await runTool({ ...context, sender: call.sender, reference: call.callId }, call.name, args);
  return { callId: call.callId, output: JSON.stringify(output), chart: chart ?? null, failed: Boolean((output as { error?: string }).error) };
}
