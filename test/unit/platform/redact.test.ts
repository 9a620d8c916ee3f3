import { maskText, redact, REDACTED } from '../../../src/platform/redact.js';

describe('redact: what never reaches a log line', () => {
  it('masks a phone number given as a number, under a phone-like key', () => {
    expect(redact({ phone: 5511987654321, waId: 5511987654321, count: 5511987654321 })).toEqual({ phone: '*********4321', waId: '*********4321', count: 5511987654321 });
  });

  it('masks tokens written in free text after token= or auth', () => {
    expect(maskText('retrying with token=abc123def456 and more')).toBe(`retrying with token=${REDACTED} and more`);
    expect(maskText('GET /cb?code=1&access_token=eyJhbGciOi.x.y&state=2')).toBe(`GET /cb?code=1&access_token=${REDACTED}&state=2`);
    expect(maskText('auth: s3cr3t-value')).toBe(`auth: ${REDACTED}`);
    expect(maskText('password="hunter2 and"')).toBe(`password=${REDACTED}`);
    expect(maskText('client_secret=xyz&refresh_token=r-123')).toBe(`client_secret=${REDACTED}&refresh_token=${REDACTED}`);
  });

  it('masks the password of a URL, keeping the rest readable', () => {
    expect(maskText('connect to postgres://fluxo:Sup3r-S3cret@db.example.com:5432/app failed')).toBe(`connect to postgres://fluxo:${REDACTED}@db.example.com:5432/app failed`);
    expect(redact({ url: 'https://user:pa%40ss@api.example.com/x' })).toEqual({ url: `https://user:${REDACTED}@api.example.com/x` });
  });

  it('masks Basic and Bearer credentials under keys that do not look secret', () => {
    expect(redact({ header: 'Basic QUMxMjM6c2VjcmV0LXRva2Vu', note: 'sent Bearer abc.def.ghi' })).toEqual({ header: `Basic ${REDACTED}`, note: `sent Bearer ${REDACTED}` });
  });

  it('still replaces secret keys, masks emails and phones in text, and keeps dates and plain words', () => {
    expect(redact({ TWILIO_AUTH_TOKEN: 'x'.repeat(32), message: 'write to maria@example.com or +55 11 98765-4321', at: '2026-12-02T10:00:00Z', text: 'authorized payment' })).toEqual({
      TWILIO_AUTH_TOKEN: REDACTED,
      message: 'write to m***@example.com or +*********4321',
      at: '2026-12-02T10:00:00Z',
      text: 'authorized payment',
    });
  });

  it('keeps the digits of ids and execution names, which are not phone numbers', () => {
    expect(maskText('execution csv-f4560f2ee43374337ca53abca4bda86c29801ad612c59826 started')).toBe('execution csv-f4560f2ee43374337ca53abca4bda86c29801ad612c59826 started');
    expect(maskText('message 505d0dfe-9fe0-4083-b5ca-334d2570898a')).toBe('message 505d0dfe-9fe0-4083-b5ca-334d2570898a');
    expect(maskText('SM1234567890abcdef1234567890abcdef')).toBe('SM1234567890abcdef1234567890abcdef');
    expect(maskText('ligar para 11 98765-4321 ou whatsapp:+5511987654321')).toBe('ligar para *******4321 ou whatsapp:+*********4321');
  });
});
