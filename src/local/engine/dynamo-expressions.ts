import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromAttribute } from '../../adapters/aws/marshall.js';
import { ValidationError } from '../../shared/errors.js';

/**
 * The subset of DynamoDB expressions fluxo's machines use, for the local
 * `dynamodb:updateItem` integration: `SET a = :v, b = if_not_exists(b, :z) + :one`,
 * `REMOVE a, b`; conditions joined by AND / OR (no parentheses) of
 * `attribute_exists(a)`, `attribute_not_exists(a)`, `a = :v`, `<>`, `<`, `<=`, `>`, `>=`.
 */
export interface Expressions {
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
}

type Item = Record<string, unknown>;

function name(token: string, e: Expressions): string {
  const trimmed = token.trim();
  return trimmed.startsWith('#') ? (e.names?.[trimmed] ?? trimmed) : trimmed;
}

function operand(token: string, item: Item | undefined, e: Expressions): unknown {
  const trimmed = token.trim();
  if (trimmed.startsWith(':')) {
    const value = e.values?.[trimmed];
    if (!value) throw new ValidationError(`ExpressionAttributeValues has no ${trimmed}`);
    return fromAttribute(value);
  }
  const ifNotExists = /^if_not_exists\s*\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/.exec(trimmed);
  if (ifNotExists) {
    const current = item?.[name(ifNotExists[1] ?? '', e)];
    return current === undefined ? operand(ifNotExists[2] ?? '', item, e) : current;
  }
  return item?.[name(trimmed, e)];
}

function term(text: string, item: Item | undefined, e: Expressions): boolean {
  const exists = /^attribute_(not_)?exists\s*\(\s*([^)]+?)\s*\)$/.exec(text.trim());
  if (exists) {
    const present = item?.[name(exists[2] ?? '', e)] !== undefined;
    return exists[1] ? !present : present;
  }
  const comparison = /^(.+?)\s*(<>|<=|>=|=|<|>)\s*(.+)$/.exec(text.trim());
  if (!comparison) throw new ValidationError(`unsupported condition: ${text.trim()}`);
  const left = operand(comparison[1] ?? '', item, e) as string | number | undefined;
  const right = operand(comparison[3] ?? '', item, e) as string | number | undefined;
  if (left === undefined || right === undefined) return comparison[2] === '<>' ? left !== right : false;
  switch (comparison[2]) {
    case '=':
      return left === right;
    case '<>':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

export function evaluateCondition(expression: string | undefined, item: Item | undefined, e: Expressions): boolean {
  if (!expression) return true;
  return expression.split(/\s+OR\s+/i).some((alternative) => alternative.split(/\s+AND\s+/i).every((part) => term(part, item, e)));
}

/** Splits on commas that are not inside parentheses. */
function clauses(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

export function applyUpdate(expression: string, item: Item, e: Expressions): Item {
  const next: Item = { ...item };
  const sections = expression.split(/\b(SET|REMOVE)\b/i).filter((part) => part.trim());
  for (let i = 0; i < sections.length; i += 2) {
    const action = (sections[i] ?? '').trim().toUpperCase();
    const body = sections[i + 1] ?? '';
    for (const clause of clauses(body)) {
      if (action === 'REMOVE') {
        delete next[name(clause, e)];
        continue;
      }
      if (action !== 'SET') throw new ValidationError(`unsupported update action ${action}`);
      const [target, value] = clause.split(/=(.*)/s);
      const sum = /^(.+?)\s*([+-])\s*(.+)$/.exec((value ?? '').trim());
      const result = sum && !/^if_not_exists\s*\([^)]*$/.test(sum[1] ?? '')
        ? Number(operand(sum[1] ?? '', item, e)) + (sum[2] === '-' ? -1 : 1) * Number(operand(sum[3] ?? '', item, e))
        : operand(value ?? '', item, e);
      next[name(target ?? '', e)] = result;
    }
  }
  return next;
}
