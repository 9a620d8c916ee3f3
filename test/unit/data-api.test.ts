import { fieldValue, namedPlaceholders, parameter, statements } from '../../src/adapters/aws/data-api-store.js';

describe('the Data API adapter', () => {
  it('turns $n placeholders into :pn, leaving quoted text and dollar-quoted names alone', () => {
    expect(namedPlaceholders("select * from t where a = $1 and b = $12 and c = '$2' and d = $1::jsonb")).toBe("select * from t where a = :p1 and b = :p12 and c = '$2' and d = :p1::jsonb");
  });

  it('types parameters as the Data API needs them', () => {
    expect(parameter('p1', 'x')).toEqual({ name: 'p1', value: { stringValue: 'x' } });
    expect(parameter('p2', 3)).toEqual({ name: 'p2', value: { longValue: 3 } });
    expect(parameter('p3', 2.5)).toEqual({ name: 'p3', value: { doubleValue: 2.5 } });
    expect(parameter('p4', null)).toEqual({ name: 'p4', value: { isNull: true } });
    expect(parameter('p5', { a: [1] })).toEqual({ name: 'p5', value: { stringValue: '{"a":[1]}' }, typeHint: 'JSON' });
    expect(parameter('p6', new Date('2026-12-02T10:00:00.123Z'))).toEqual({ name: 'p6', value: { stringValue: '2026-12-02 10:00:00.123' }, typeHint: 'TIMESTAMP' });
  });

  it('reads fields back as pg returns them', () => {
    expect(fieldValue({ longValue: 7 }, { typeName: 'int8' })).toBe('7');
    expect(fieldValue({ longValue: 7 }, { typeName: 'int4' })).toBe(7);
    expect(fieldValue({ stringValue: '{"a":1}' }, { typeName: 'jsonb' })).toEqual({ a: 1 });
    expect(fieldValue({ stringValue: '2026-12-02 10:00:00.123456' }, { typeName: 'timestamptz' })).toEqual(new Date('2026-12-02T10:00:00.123Z'));
    expect(fieldValue({ isNull: true }, { typeName: 'text' })).toBeNull();
  });

  it('splits a migration script into statements, not inside quotes, comments or dollar-quoted bodies', () => {
    const script = `-- a comment; with a semicolon
create table a (x text default 'a;b');
/* block; comment */
do $$ begin perform 1; end $$;
create index i on a (x);
`;
    expect(statements(script)).toEqual(["-- a comment; with a semicolon\ncreate table a (x text default 'a;b')", '/* block; comment */\ndo $$ begin perform 1; end $$', 'create index i on a (x)']);
  });
});

describe('Data API faults', () => {
  it('treats a paused cluster resuming as transient (ASL Retry), a bad statement as not', async () => {
    const { classify, TransientError } = await import('../../src/shared/errors.js');
    const resuming = Object.assign(new Error('The Aurora DB instance is resuming after being auto-paused'), { name: 'DatabaseResumingException', $metadata: { httpStatusCode: 400 } });
    expect(classify(resuming)).toBeInstanceOf(TransientError);
    const bad = Object.assign(new Error('ERROR: syntax error'), { name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect(classify(bad)).not.toBeInstanceOf(TransientError);
  });
});
