import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import * as z from '../../shared/zod.js';

/** A client as stored: name trimmed, email lower-case, phone in E.164 (as UpsertClient takes it from ValidateClient). */
export const storedClient = z.object({ name: z.string().check(z.minLength(1)), email: z.string().check(z.minLength(3)), phone: z.string().check(z.minLength(4)), externalId: z.optional(z.string()), source: z.optional(z.string()) });
export type Client = z.infer<typeof storedClient>;

export type ClientValidation = { valid: true; client: Client } | { valid: false; reasons: string[] };

const EMAIL = z.email();

/**
 * The `NewClientNotification` message. `name_costumer` is the field name of the
 * existing producers (kept, misspelling included); `name` is accepted too.
 */
const message = z.object({
  name_costumer: z.optional(z.unknown()),
  name: z.optional(z.unknown()),
  email: z.optional(z.unknown()),
  phone: z.optional(z.unknown()),
  external_id: z.optional(z.unknown()),
  source: z.optional(z.unknown()),
});

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Validates and normalizes a registration message. Pure: no I/O, no clock.
 * Every problem is reported, not just the first.
 */
export function validateClient(input: unknown, defaultRegion: string): ClientValidation {
  if (typeof input === 'string') return { valid: false, reasons: ['message is not a JSON object'] };
  const parsed = message.safeParse(input);
  if (!parsed.success) return { valid: false, reasons: ['message is not a JSON object'] };
  const fields = parsed.data;
  const reasons: string[] = [];

  const name = (text(fields.name_costumer) ?? text(fields.name) ?? '').trim().replace(/\s+/g, ' ');
  if (!name) reasons.push('name is required (name_costumer or name)');
  else if (name.length > 256) reasons.push('name is longer than 256 characters');

  const email = (text(fields.email) ?? '').trim().toLowerCase();
  if (!email) reasons.push('email is required');
  else if (email.length > 254 || !EMAIL.safeParse(email).success) reasons.push('email is not a valid address');

  const rawPhone = (text(fields.phone) ?? '').trim();
  let phone = '';
  if (!rawPhone) reasons.push('phone is required');
  else {
    const number = parsePhoneNumberFromString(rawPhone, defaultRegion.toUpperCase() as CountryCode);
    if (!number || !number.isValid()) reasons.push('phone is not a valid number');
    else phone = number.number;
  }

  const externalId = text(fields.external_id)?.trim() || undefined;
  const source = text(fields.source)?.trim() || undefined;
  if (externalId && externalId.length > 128) reasons.push('external_id is longer than 128 characters');
  if (source && source.length > 64) reasons.push('source is longer than 64 characters');

  if (reasons.length > 0) return { valid: false, reasons };
  return { valid: true, client: { name, email, phone, ...(externalId ? { externalId } : {}), ...(source ? { source } : {}) } };
}
