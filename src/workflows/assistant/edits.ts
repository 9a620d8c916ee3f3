import { resolveTarget, type Target } from '../../domain/assistant/target.js';
import { ConflictError } from '../../shared/errors.js';
import type { KeyValueStore } from '../../ports/key-value-store.js';
import type { Ledger, RowFields, StoredRow } from '../../ports/ledger.js';

/** Where a tool call runs: whose ledger rows, the call's reference, and the journal of edits. */
export interface ToolContext {
  ledger: Ledger;
  /** The WhatsApp sender: every read and edit is limited to their rows. */
  sender: string;
  /** The call id: the row's reference for adds, the journal key for edits. */
  reference: string;
  /** The turn (execution name) the call belongs to: "desfaz" undoes the changes of one turn together. */
  turn?: string;
  /** Where edits are journaled (a retried call changes nothing more) and each sender's recent changes kept for undo. */
  journal?: { kv: KeyValueStore; table: string };
}

/** What the model sees of a row. */
export const visible = (row: StoredRow) => ({ id: row.id, date: row.date, category: row.category, description: row.description, amount: row.amount });

/** One change to the ledger, kept so "desfaz" can put it back. */
interface Change {
  call: string;
  turn: string;
  kind: 'add' | 'delete' | 'update';
  before: StoredRow | null;
  after: StoredRow | null;
}

const JOURNAL_DAYS = 30;
const HISTORY = 20;
const expiresAt = () => Math.floor(Date.now() / 1000) + JOURNAL_DAYS * 86_400;
const journalKey = (reference: string) => ({ sender: `edit#${reference}` });
const historyKey = (sender: string) => ({ sender: `changes#${sender}` });

async function history(context: ToolContext): Promise<Change[]> {
  const { journal, sender } = context;
  if (!journal) return [];
  return ((await journal.kv.get(journal.table, historyKey(sender)))?.changes as Change[] | undefined) ?? [];
}

async function saveHistory(context: ToolContext, changes: Change[]): Promise<void> {
  const { journal, sender } = context;
  if (journal) await journal.kv.put(journal.table, { ...historyKey(sender), changes: changes.slice(-HISTORY), expiresAt: expiresAt() }, { keyAttribute: 'sender' });
}

/** Records a change once per call (the tool calls of a turn run one at a time, so read-then-write is safe). */
export async function recordChange(context: ToolContext, change: Omit<Change, 'call' | 'turn'>): Promise<void> {
  const changes = await history(context);
  if (changes.some((known) => known.call === context.reference)) return;
  await saveHistory(context, [...changes, { ...change, call: context.reference, turn: context.turn ?? context.reference }]);
}

/**
 * An edit, idempotent per call id: `plan` decides what to do and is written to the journal
 * before anything changes, `apply` does it and the answer is written after. A retried call
 * (a Lambda retry, a redriven turn) finds the journal: the answer, or the same plan to
 * apply again; never a second, different edit.
 */
async function journaled<Plan>(context: ToolContext, plan: () => Promise<{ plan: Plan } | { output: unknown }>, apply: (plan: Plan) => Promise<unknown>): Promise<unknown> {
  const { journal, reference } = context;
  const saved = journal ? await journal.kv.get(journal.table, journalKey(reference)) : undefined;
  if (saved?.output) return saved.output;
  let decided = saved?.plan as Plan | undefined;
  if (decided === undefined) {
    const made = await plan();
    if ('output' in made) return made.output;
    decided = made.plan;
    if (journal) {
      try {
        await journal.kv.put(journal.table, { ...journalKey(reference), plan: decided, expiresAt: expiresAt() }, { ifAbsent: true, keyAttribute: 'sender' });
      } catch (error) {
        if (!(error instanceof ConflictError || (error as Error).name === 'ConflictError')) throw error;
        return journaled(context, plan, apply);
      }
    }
  }
  const output = await apply(decided);
  if (journal) await journal.kv.put(journal.table, { ...journalKey(reference), plan: decided, output, expiresAt: expiresAt() }, { keyAttribute: 'sender' });
  return output;
}

/** Finds the row a delete or an update means: `{row}`, or the answer to give when there is none or several. */
async function targetRow(context: ToolContext, target: Target): Promise<{ plan: StoredRow } | { output: unknown }> {
  const rows = await context.ledger.list({ sender: context.sender });
  const found = resolveTarget(rows, target);
  if (found.kind === 'found') return { plan: { ...found.row } };
  if (found.kind === 'none') return { output: { ok: false, found: 'none', target, message: rows.length ? 'no expense of this sender matches the target; nothing changed' : 'this sender has no expenses yet' } };
  return { output: { ok: false, found: 'ambiguous', target, candidates: found.rows.map(visible), message: 'several expenses match with different amounts: ask which one (nothing changed)' } };
}

export function deleteExpense(context: ToolContext, target: Target): Promise<unknown> {
  return journaled(context, () => targetRow(context, target), async (row: StoredRow) => {
    await context.ledger.remove(context.sender, row.id);
    await recordChange(context, { kind: 'delete', before: row, after: null });
    return { ok: true, deleted: visible(row) };
  });
}

export function updateExpense(context: ToolContext, target: Target, fields: RowFields): Promise<unknown> {
  return journaled(context, () => targetRow(context, target), async (row: StoredRow) => {
    // Nothing would change ("era transporte" on a row already in Transporte): no edit, nothing to undo.
    const differs = (Object.keys(fields) as (keyof RowFields)[]).filter((field) => fields[field] !== undefined && (field === 'amount' ? Math.abs(Number(fields.amount) - row.amount) >= 0.005 : fields[field] !== row[field]));
    if (differs.length === 0) return { ok: true, unchanged: visible(row), changed: [], message: 'the expense already has these values; nothing changed' };
    const updated = await context.ledger.update(context.sender, row.id, fields);
    if (!updated) return { ok: false, found: 'none', target, message: `the expense ${row.id} is gone; nothing changed` };
    await recordChange(context, { kind: 'update', before: row, after: updated });
    return { ok: true, before: visible(row), updated: visible(updated), changed: Object.keys(fields).filter((field) => row[field as keyof RowFields] !== updated[field as keyof RowFields]) };
  });
}

/**
 * undo_last_change: puts back what the sender's last turn with changes changed (every add,
 * delete and update of that turn, newest first): an added row is removed, a deleted one
 * added again (same reference, so twice is once), an updated one gets its old values.
 */
export function undoLastChange(context: ToolContext): Promise<unknown> {
  const { ledger, sender } = context;
  if (!context.journal) return Promise.resolve({ ok: false, undone: [], message: 'changes are not kept here; nothing to undo' });
  return journaled(
    context,
    async () => {
      const changes = await history(context);
      const last = changes.at(-1);
      if (!last) return { output: { ok: false, undone: [], message: 'no change of this sender to undo' } };
      let first = changes.length - 1;
      while (first > 0 && changes[first - 1]!.turn === last.turn) first -= 1;
      return { plan: changes.slice(first).reverse() };
    },
    async (plan: Change[]) => {
      for (const change of plan) {
        if (change.kind === 'add' && change.after) await ledger.remove(sender, change.after.id);
        if (change.kind === 'delete' && change.before) await ledger.add(change.before);
        if (change.kind === 'update' && change.before) {
          const { date, category, description, amount } = change.before;
          await ledger.update(sender, change.before.id, { date, category, description, amount });
        }
      }
      const undone = new Set(plan.map((change) => change.call));
      await saveHistory(context, (await history(context)).filter((change) => !undone.has(change.call)));
      return { ok: true, undone: plan.map((change) => ({ kind: change.kind, before: change.before && visible(change.before), after: change.after && visible(change.after) })) };
    },
  );
}
