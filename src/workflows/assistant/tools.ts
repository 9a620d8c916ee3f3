import * as z from '../../shared/zod.js';
import { CATEGORIES } from '../../domain/assistant/categories.js';
import type { ChartSpec } from '../../domain/assistant/chart.js';
import type { RowFields, StoredRow } from '../../ports/ledger.js';
import { deleteExpense, recordChange, undoLastChange, updateExpense, visible, type ToolContext } from './edits.js';

export type { ToolContext } from './edits.js';

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'), z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a calendar date'));
const isoDate = () => date.check(z.describe('A date as YYYY-MM-DD (resolve "hoje", "ontem", "dia 3", "semana passada" against today).'));
const category = z.enum(CATEGORIES);
const amount = z.number().check(z.positive(), z.lt(1e9), z.describe('In BRL, positive.'));
const description = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.describe('A few words: what was bought.'));

const text = (what: string) => z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.describe(what));

/** Which expense a delete or an update means (resolved among the sender's rows by resolveTarget: one expense, or the candidates to ask about). */
const target = z
  .object({
    last: z.nullable(z.boolean().check(z.describe('true only when the user says the most recent one ("o último", "isso", a correction right after an add that names nothing else); with a date it is the most recent of that day ("o último de ontem"). Not for a date alone: "o de ontem" is date only.'))),
    id: z.nullable(text('A row id from a previous tool result (e.g. a candidate the user chose).')),
    description: z.nullable(text('Words of its description, as the user names it ("uber", "mercado", "conta de luz").')),
    amount: z.nullable(amount.check(z.describe('The amount it has now ("o de 50", "foi 230, não 200" -> 200).'))),
    date: z.nullable(isoDate()),
    start_date: z.nullable(isoDate()),
    end_date: z.nullable(isoDate()),
    category: z.nullable(category),
  })
  .check(z.describe('Null for what the user did not say. Nothing said: the most recent expense.'));

/**
 * The assistant's tools, defined once in zod: the arguments are validated with these
 * schemas, and the JSON schemas the model gets (Responses API function tools, strict)
 * are generated from them. Optional fields are `nullable` (strict mode needs every
 * property listed in `required`).
 */
export const TOOL_SCHEMAS = {
  add_expense: {
    description: 'Adds one expense to the ledger (Excel workbook). A message naming several expenses ("20 no café e 35 no almoço") is one call per expense.',
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
  delete_expense: {
    description: 'Deletes one of the user\'s expenses: the one the target names ("apaga o do uber", "exclui o gasto de 230", "apaga o de ontem", "apaga o último"). No match: nothing changes. Several matches that are different expenses (amount or description), whatever named them (a day, an amount, a category, words): nothing changes and the candidates come back, to ask which.',
    schema: z.object({ target }),
  },
  update_expense: {
    description: 'Corrects one of the user\'s expenses: the one the target names ("o mercado foi 230, não 200": description "mercado", amount 200; "na verdade foi 50": last). fields: the new values, null for those that stay. No match or several: nothing changes, as for delete_expense.',
    schema: z.object({
      target,
      fields: z.object({ date: z.nullable(isoDate()), category: z.nullable(category), description: z.nullable(description), amount: z.nullable(amount) }),
    }),
  },
  undo_last_change: {
    description: 'Undoes the user\'s last change ("desfaz", "desfazer", "volta"): every add, delete or update of their last message that changed the ledger is put back. Answers what was undone.',
    schema: z.object({}),
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


function summarize(rows: StoredRow[]) {
  const byCategory: Record<string, number> = {};
  for (const row of rows) byCategory[row.category] = round2((byCategory[row.category] ?? 0) + row.amount);
  // The largest of all the rows, not only of the 50 shown ("qual foi meu maior gasto?").
  const largest = rows.reduce<StoredRow | undefined>((best, row) => (!best || row.amount > best.amount ? row : best), undefined);
  return { total: round2(rows.reduce((sum, row) => sum + row.amount, 0)), count: rows.length, by_category: byCategory, rows: rows.slice(-50).map(visible), largest: largest ? visible(largest) : null };
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
        await recordChange(context, { kind: 'add', before: null, after: { ...stored, id: stored.notes } });
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
      case 'delete_expense':
        return { output: await deleteExpense(context, TOOL_SCHEMAS.delete_expense.schema.parse(args).target) };
      case 'update_expense': {
        const { target: wanted, fields: given } = TOOL_SCHEMAS.update_expense.schema.parse(args);
        const fields: RowFields = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null));
        if (Object.keys(fields).length === 0) throw new ToolInputError('fields: give at least one new value');
        return { output: await updateExpense(context, wanted, fields) };
      }
      case 'undo_last_change':
        return { output: await undoLastChange(context) };
    }
  } catch (error) {
    if (error instanceof ToolInputError || (error as Error)?.name === 'ToolInputError') return { output: { error: (error as Error).message } };
    throw error;
  }
}

const br = (value: string) => `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;

/** One function call as the model sends it (its arguments are a JSON text), with the turn's sender. */
export const toolCallInput = z.object({
  callId: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  arguments: z.string(),
  sender: z.string().check(z.minLength(1)),
  /** The turn's execution name: the changes of one turn are undone together. */
  executionName: z.optional(z.string()),
});

/**
 * The RunTool state: runs one function call and answers with the `function_call_output`
 * text the model reads, and the chart the reply should carry (null when none).
 */
export async function runToolCall(
  context: Omit<ToolContext, 'sender' | 'reference' | 'turn'>,
  call: z.infer<typeof toolCallInput>,
): Promise<{ callId: string; output: string; chart: ChartSpec | null; failed: boolean }> {
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { callId: call.callId, output: JSON.stringify({ error: 'arguments are not valid JSON' }), chart: null, failed: true };
  }
  const { output, chart } = await runTool({ ...context, sender: call.sender, reference: call.callId, turn: call.executionName }, call.name, args);
  return { callId: call.callId, output: JSON.stringify(output), chart: chart ?? null, failed: Boolean((output as { error?: string }).error) };
}
