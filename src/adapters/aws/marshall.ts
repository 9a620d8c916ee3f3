import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's typed JSON for plain values. Shared by the DynamoDB adapter and the
 * local engine's `dynamodb:*` integrations, which receive and return this shape
 * exactly as Step Functions does.
 */
export function toAttribute(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (typeof value === 'object') return { M: marshall(value as Record<string, unknown>) };
  return { S: String(value) };
}

export function fromAttribute(attribute: AttributeValue): unknown {
  if ('S' in attribute && attribute.S !== undefined) return attribute.S;
  if ('N' in attribute && attribute.N !== undefined) return Number(attribute.N);
  if ('BOOL' in attribute && attribute.BOOL !== undefined) return attribute.BOOL;
  if ('NULL' in attribute && attribute.NULL !== undefined) return null;
  if ('L' in attribute && attribute.L !== undefined) return attribute.L.map(fromAttribute);
  if ('M' in attribute && attribute.M !== undefined) return unmarshall(attribute.M);
  if ('SS' in attribute && attribute.SS !== undefined) return attribute.SS;
  if ('NS' in attribute && attribute.NS !== undefined) return attribute.NS.map(Number);
  return null;
}

export function marshall(item: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) if (value !== undefined) out[key] = toAttribute(value);
  return out;
}

export function unmarshall(item: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) out[key] = fromAttribute(value);
  return out;
}
