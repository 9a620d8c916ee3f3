import { execFileSync } from 'node:child_process';
import { SIGNATURE_HEADER, signBody, verifyBodySignature } from '../../../src/platform/request-signature.js';
import { ForbiddenError } from '../../../src/shared/errors.js';

const SECRET = '0123456789abcdef0123';
const BODY = '{"id":"h-1","payload":"hi"}';

const refusal = (run: () => void): string => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof ForbiddenError ? error.message : `not a ForbiddenError: ${String(error)}`;
  }
};

describe("a generated HTTP function's request signature", () => {
  it('is the HMAC-SHA256 of the body that openssl computes, as the README tells a caller', () => {
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', SECRET], { input: BODY }).toString().trim().split(' ').at(-1);
    expect(signBody(SECRET, BODY)).toBe(`sha256=${openssl}`);
    expect(refusal(() => verifyBodySignature(SECRET, signBody(SECRET, BODY), BODY))).toBe('accepted');
  });

  it('refuses (403) an unsigned request, another body, another secret, and a function without its secret', () => {
    expect(refusal(() => verifyBodySignature(SECRET, undefined, BODY))).toBe(`missing ${SIGNATURE_HEADER} (sha256=<HMAC-SHA256 of the body with the function's signing secret>)`);
    expect(refusal(() => verifyBodySignature(SECRET, signBody(SECRET, BODY), `${BODY} `))).toBe(`${SIGNATURE_HEADER} does not match this request's body`);
    expect(refusal(() => verifyBodySignature(SECRET, signBody('another-secret-of-16', BODY), BODY))).toBe(`${SIGNATURE_HEADER} does not match this request's body`);
    expect(refusal(() => verifyBodySignature(SECRET, 'sha256=short', BODY))).toBe(`${SIGNATURE_HEADER} does not match this request's body`);
    expect(refusal(() => verifyBodySignature(undefined, signBody(SECRET, BODY), BODY))).toBe('this function has no HTTP_SIGNING_SECRET to check signatures with');
  });
});
