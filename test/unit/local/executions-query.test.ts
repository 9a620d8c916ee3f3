import { executionsQuery, LOCAL_STATUSES, pageOf } from '../../../src/local/devserver/query.js';
import { ValidationError } from '../../../src/shared/errors.js';

const query = (search: string, statuses?: string[]) => executionsQuery(new URL(`http://localhost/api/executions${search}`), statuses);
const refusal = (search: string, statuses?: string[]) => {
  try {
    query(search, statuses);
    return undefined;
  } catch (error) {
    return error instanceof ValidationError ? error.message : `not a ValidationError: ${String(error)}`;
  }
};

describe('the executions list query (the dev server and `fluxo console --stage` alike)', () => {
  it('takes machine, status and page', () => {
    expect(query('')).toEqual({ machine: undefined, status: undefined, page: undefined });
    expect(query('?machine=hello&status=FAILED&page=2')).toEqual({ machine: 'hello', status: 'FAILED', page: 2 });
    expect(query('?status=PENDING_REDRIVE', [...LOCAL_STATUSES, 'PENDING_REDRIVE'])).toMatchObject({ status: 'PENDING_REDRIVE' });
  });

  it('refuses what it does not know, naming it and what is allowed', () => {
    expect(refusal('?status=PENDING_REDRIVE')).toBe('status "PENDING_REDRIVE" is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED');
    expect(refusal('?status=')).toBe('status "" is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED');
    expect(refusal('?page=-1')).toBe('page "-1" is not a whole number from 1 (pages of 25, newest first)');
    expect(refusal('?page=1.5')).toBe('page "1.5" is not a whole number from 1 (pages of 25, newest first)');
    expect(refusal('?page=9999999')).toBe('page "9999999" is not a whole number from 1 (pages of 25, newest first)');
    expect(refusal('?status=FAILED&status=RUNNING')).toBe('status is given 2 times: give it once');
    expect(refusal('?limit=5')).toBe('unknown query parameter "limit": allowed are machine, status, page');
    expect(refusal(`?status=${'x'.repeat(100)}`)).toBe(`status "${'x'.repeat(40)}…" is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED`);
  });

  it('filters by status, then pages 25 at a time in the order given (newest first)', () => {
    const executions = Array.from({ length: 60 }, (_, index) => ({ name: `e${index}`, status: index % 3 === 0 ? 'FAILED' : 'SUCCEEDED' }));
    expect(pageOf(executions, { status: 'FAILED' }).map((execution) => execution.name)).toEqual(executions.filter((_, index) => index % 3 === 0).map((execution) => execution.name));
    expect(pageOf(executions, { page: 1 })).toEqual(executions.slice(0, 25));
    expect(pageOf(executions, { page: 3 })).toEqual(executions.slice(50));
    expect(pageOf(executions, { page: 4 })).toEqual([]);
    expect(pageOf(executions, { status: 'SUCCEEDED', page: 2 })).toHaveLength(15);
  });
});
