import { createHmac, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../shared/errors.js';

/** The header a signed request carries: `sha256=<hex of HMAC-SHA256(secret, body)>`. */
export const SIGNATURE_HEADER = 'x-fluxo-signature';

/**
 * The signature of a request body, as the caller computes it
 * (`printf %s "$BODY" | openssl dgst -sha256 -hmac "$SECRET"`).
 *
 * @example signBody('s3cret-of-16-chars', '{"id":"b-1"}') // 'sha256=…'
 */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Refuses (403, ForbiddenError) a request whose body is not signed with the function's secret:
 * the protection the WhatsApp webhook has (Twilio's HMAC signature, src/workflows/assistant/webhook.ts),
 * for an HTTP function fluxo generates. Compared in constant time. It proves the sender holds the
 * secret; a replayed request is the same request, which the use case accepts once (keyed by its id).
 */
export function verifyBodySignature(secret: string | undefined, signature: string | undefined, body: string): void {
  if (!secret) throw new ForbiddenError('this function has no HTTP_SIGNING_SECRET to check signatures with');
  if (!signature) throw new ForbiddenError(`missing ${SIGNATURE_HEADER} (sha256=<HMAC-SHA256 of the body with the function's signing secret>)`);
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ForbiddenError(`${SIGNATURE_HEADER} does not match this request's body`);
}
