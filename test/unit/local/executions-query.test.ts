import { capPerMachine } from '../../../src/cli/stage-console/routes.js';
import { executionsQuery, LOCAL_STATUSES, pageOf, parseSince } from '../../../src/local/devserver/query.js';
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
    expect(refusal('?limit=5')).toBe('unknown query parameter "limit": allowed are machine, status, since, page');
    expect(refusal(`?status=${'x'.repeat(100)}`)).toBe(`status "${'x'.repeat(40)}…" is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED`);
  });

  it('filters by status, then pages 25 at a time in the order given (newest first)', () => {
    const executions = Array.from({ length: 60 }, (_, index) => ({ name: `e${index}`, status: index % 3 === 0 ? 'FAILED' : 'SUCCEEDED', startDate: new Date(Date.UTC(2026, 11, 7) - index * 60_000).toISOString() }));
    expect(pageOf(executions, { status: 'FAILED' }).map((execution) => execution.name)).toEqual(executions.filter((_, index) => index % 3 === 0).map((execution) => execution.name));
    expect(pageOf(executions, { page: 1 })).toEqual(executions.slice(0, 25));
    expect(pageOf(executions, { page: 3 })).toEqual(executions.slice(50));
    expect(pageOf(executions, { page: 4 })).toEqual([]);
    expect(pageOf(executions, { status: 'SUCCEEDED', page: 2 })).toHaveLength(15);
  });

  it('takes a start-date window as --since does (30m, 12h, 1d, 2w, a date) and keeps only what started in it', () => {
    const now = Date.UTC(2026, 11, 7, 12);
    expect([parseSince('1h', now), parseSince('30d', now), parseSince('2w', now), parseSince('2026-12-01')].map((date) => date?.toISOString())).toEqual(['2026-12-07T11:00:00.000Z', '2026-11-07T12:00:00.000Z', '2026-11-23T12:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(query('?since=2026-12-06T23:30:00Z').since?.toISOString()).toBe('2026-12-06T23:30:00.000Z');
    expect(refusal('?since=yesterday')).toBe('since "yesterday" is not 30m, 12h, 1d, 2w or a date such as 2026-12-01');
    const executions = Array.from({ length: 60 }, (_, index) => ({ name: `e${index}`, status: 'SUCCEEDED', startDate: new Date(Date.UTC(2026, 11, 7) - index * 60_000).toISOString() }));
    // Started one a minute, newest first: the last 10 minutes hold e0..e10.
    expect(pageOf(executions, { since: new Date(Date.UTC(2026, 11, 7) - 600_000) }).map((execution) => execution.name)).toEqual(executions.slice(0, 11).map((execution) => execution.name));
  });

  it("keeps at most the cap per machine from a list read with one more, and names the machines that had more", () => {
    const listed = [...Array.from({ length: 4 }, (_, index) => ({ machine: 'csv-summary', name: `c${index}` })), { machine: 'hello', name: 'h0' }];
    const { rows, capped } = capPerMachine(listed, 3);
    expect(rows.map((row) => row.name)).toEqual(['c0', 'c1', 'c2', 'h0']);
    expect(capped).toEqual(['csv-summary']);
    expect(capPerMachine(listed, 4).capped).toEqual([]);
  });
});
