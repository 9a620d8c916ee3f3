import { Writable } from 'node:stream';
import { createLogger } from '../../../src/platform/logger.js';
import { maskText, redact } from '../../../src/platform/redact.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) };
}

describe('logger', () => {
  it('never writes a secret, an email or a phone number', () => {
    const { lines, logger } = capture();
    logger.child({ messageId: 'm-1' }).info(
      { password: 'hunter2', apiKey: 'sk-abcdefghijklmnop', nested: { authToken: 'tok-123' }, email: 'maria.silva@example.com', phone: '+5511999991234', note: 'call +55 11 99999-1234 or maria.silva@example.com' },
      'client maria.silva@example.com registered with Bearer abc.def.ghi',
    );
    const line = lines.join('');
    for (const secret of ['hunter2', 'sk-abcdefghijklmnop', 'tok-123', 'maria.silva@', '99999-1234', '999991234', 'abc.def.ghi']) expect(line).not.toContain(secret);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 'info', service: 'test', messageId: 'm-1', password: '[REDACTED]', email: 'm***@example.com', phone: '+*********1234' });
    expect(parsed.message).toBe('client m***@example.com registered with Bearer [REDACTED]');
  });

  it('keeps ids, dates and numbers readable', () => {
    expect(redact({ executionName: 'abc-123', at: '2026-11-20T12:00:00.000Z', amount: 32.5, key: 'incoming/a.csv' })).toEqual({
      executionName: 'abc-123',
      at: '2026-11-20T12:00:00.000Z',
      amount: 32.5,
      key: 'incoming/a.csv',
    });
    expect(maskText('whatsapp:+5511999990000')).toBe('whatsapp:+*********0000');
  });
});
