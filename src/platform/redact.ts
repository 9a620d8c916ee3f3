/**
 * Redaction applied to every log line and every recorded payload:
 * secret-looking keys are replaced, emails and phone numbers are masked.
 */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_]?key|authorization|signature|credential|cookie|private[-_]?key|auth)/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Phone-like runs of digits (7+), optionally with +, spaces, dashes, dots or parentheses; not
// digits inside a longer word (a hex execution name or id keeps its digits: logs stay greppable).
const PHONE = /(?<![A-Za-z0-9_])(\+?\d[\d\s().-]{6,}\d)(?![A-Za-z_])/g;
// Bearer and Basic credentials and sk- style keys appearing inside strings.
const INLINE_SECRET = /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+|\b(sk|rk|pk)-[A-Za-z0-9_-]{8,}/g;
// `token=abc`, `password: abc`, `auth=abc` in free text (query strings, messages, connection strings).
const ASSIGNED_SECRET = /\b((?:access_?|refresh_?|auth_?|id_?)?token|auth(?:orization)?|pass(?:word|wd)?|pwd|secret|api[-_]?key|client[-_]?secret)(\s*[=:]\s*)(?!\[REDACTED\])("[^"]*"|'[^']*'|[^\s&;,'"]+)/gi;
// The password of a URL: `postgres://user:pass@host` -> `postgres://user:[REDACTED]@host`.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

export const REDACTED = '[REDACTED]';

export function maskEmail(value: string): string {
  return value.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

export function maskPhone(value: string): string {
  return value.replace(PHONE, (match: string) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 8) return match;
    return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

/** Masks personal data and inline secrets in free text. */
export function maskText(value: string): string {
  // ISO dates and times look like phone numbers; keep them readable.
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?([+-]\d{2}:?\d{2})?)?$/.test(value)) return value;
  const secretsOut = value
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(INLINE_SECRET, (_m, scheme?: string) => (scheme ? `${scheme}${REDACTED}` : REDACTED))
    .replace(ASSIGNED_SECRET, (_m, key: string, separator: string) => `${key}${separator}${REDACTED}`);
  return maskPhone(maskEmail(secretsOut));
}

/** Keys whose values are personal data whatever they look like (an invalid email is still an email). */
const PERSONAL_KEY = /^(e-?mail|phone|telefone|celular|whatsapp|cpf|name|name_costumer|nome|from|to|sender)$/i;

/** Keys whose numeric values are phone numbers (a phone given as a number is still a phone). */
const PHONE_KEY = /^(phone|telefone|celular|mobile|whatsapp|wa_?id|from|to|sender|msisdn)$/i;

/** `Maria` -> `M***`: enough to recognise a record, not to identify a person. */
export function maskValue(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  return text.length <= 1 ? '*' : `${text.charAt(0)}***`;
}

export interface RedactOptions {
  /** Also mask values under personal keys (name, email, phone, ...): for stored payloads. */
  personal?: boolean;
}

/** Deep copy of `value` with secret keys replaced and strings masked. */
export function redact(value: unknown, options: RedactOptions = {}, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, options, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEY.test(key) && item !== null && item !== undefined && typeof item !== 'boolean') out[key] = REDACTED;
      else if (options.personal && PERSONAL_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')) out[key] = maskValue(item);
      else if (typeof item === 'number' && PHONE_KEY.test(key)) out[key] = maskPhone(String(item));
      else out[key] = redact(item, options, depth + 1);
    }
    return out;
  }
  return value;
}
