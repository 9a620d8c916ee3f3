import { readFileSync } from 'node:fs';
import type { Decision } from '../../src/adapters/offline-model/decision.js';
import { decideOnText } from '../../src/adapters/offline-model/policy.js';

/** The day the test set's messages were "sent": a Wednesday. */
export const SET_TODAY = '2026-11-18';

export interface Case {
  line: number;
  kind: 'add' | 'ask' | 'chart' | 'del' | 'undo' | 'fix' | 'talk';
  message: string;
  /** The tool call expected (undefined for small talk). */
  expected?: { name: string; arguments: Record<string, unknown> };
}

const orNull = (value: string | undefined) => (value === undefined || value === '-' ? null : value);

/** fixtures/assistant/messages.psv, parsed. */
export function loadSet(file = new URL('../../fixtures/assistant/messages.psv', import.meta.url)): Case[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => ({ text, line: index + 1 }))
    .filter(({ text }) => text.trim() && !text.startsWith('#'))
    .map(({ text, line }): Case => {
      const [kind, ...fields] = text.split('|');
      const message = fields.at(-1) ?? '';
      switch (kind) {
        case 'add':
          return { line, kind, message, expected: { name: 'add_expense', arguments: { amount: Number(fields[0]), category: fields[1], date: fields[2] } } };
        case 'ask':
          return fields[0] === '-'
            ? { line, kind, message, expected: { name: 'get_expenses_by_period', arguments: { start_date: fields[1], end_date: fields[2], chart: false } } }
            : { line, kind, message, expected: { name: 'get_expenses_by_category', arguments: { category: fields[0], start_date: fields[1], end_date: fields[2] } } };
        case 'chart':
          return { line, kind, message, expected: { name: 'get_expenses_by_period', arguments: { start_date: fields[0], end_date: fields[1], chart: true } } };
        case 'del':
          return { line, kind, message, expected: { name: 'delete_expense', arguments: { target: { last: true, description: null, amount: null } } } };
        case 'undo':
          return { line, kind, message, expected: { name: 'undo_last_change', arguments: {} } };
        case 'fix': {
          const amount = orNull(fields[0]);
          return { line, kind, message, expected: { name: 'update_expense', arguments: { target: { last: true, description: null, amount: null }, fields: { amount: amount === null ? null : Number(amount), category: orNull(fields[1]), date: orNull(fields[2]) } } } };
        }
        case 'talk':
          return { line, kind, message };
        default:
          throw new Error(`fixtures/assistant/messages.psv:${line}: unknown kind ${kind}`);
      }
    });
}

/** Does the decision match what the case expects? Only the fields the case names are compared (not the description). */
export function hit(test: Case, decision: Decision): boolean {
  if (!test.expected) return decision.kind === 'message';
  if (decision.kind !== 'calls' || decision.calls.length !== 1) return false;
  const [call] = decision.calls;
  if (call!.name !== test.expected.name) return false;
  const actual = call!.arguments;
  return Object.entries(test.expected.arguments).every(([key, value]) => {
    if (key === 'fields' || key === 'target') {
      const fields = (actual[key] ?? {}) as Record<string, unknown>;
      return Object.entries(value as Record<string, unknown>).every(([name, expected]) => fields[name] === expected);
    }
    return actual[key] === value;
  });
}

export interface Evaluation {
  total: number;
  hits: number;
  byKind: Record<string, { total: number; hits: number }>;
  misses: { line: number; message: string; expected: unknown; got: Decision }[];
}

export function evaluate(cases: Case[] = loadSet()): Evaluation {
  const evaluation: Evaluation = { total: 0, hits: 0, byKind: {}, misses: [] };
  for (const test of cases) {
    const decision = decideOnText(test.message, SET_TODAY);
    const ok = hit(test, decision);
    const kind = (evaluation.byKind[test.kind] ??= { total: 0, hits: 0 });
    kind.total += 1;
    evaluation.total += 1;
    if (ok) {
      kind.hits += 1;
      evaluation.hits += 1;
    } else evaluation.misses.push({ line: test.line, message: test.message, expected: test.expected ?? 'a text reply', got: decision });
  }
  return evaluation;
}
