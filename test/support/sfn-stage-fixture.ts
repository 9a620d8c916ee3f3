import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HistoryBuilder } from './sfn-history.js';
import { childArnOf, executionArnOf, mapRunArnOf, SfnStandIn } from './sfn-stand-in.js';

const definition = (machine: string): unknown => JSON.parse(readFileSync(path.resolve('statemachines', `${machine}.asl.json`), 'utf8'));
const at = (iso: string) => Date.parse(iso) / 1000;
const FILE = { bucket: 'fluxo-dev-uploads', key: 'incoming/sales.csv', etag: '"9b2cf535f27731c974343645a3985328"', size: 1843 };

/** A small file summarized: InspectFile retried once after a transient failure. */
function succeededRun(): HistoryBuilder {
  const summary = { rows: 42, columns: 3 };
  return new HistoryBuilder(at('2026-12-07T10:00:00Z'))
    .started(FILE)
    .lambda('InspectFile', 'csv_inspect', FILE, { output: { ...FILE, large: false } }, { failuresBefore: 1 })
    .pass('Choice', 'IsLargeFile', { ...FILE, large: false })
    .lambda('SummarizeSmallFile', 'csv_summarize', FILE, { output: summary })
    .lambda('StoreSummary', 'csv_store', summary, { output: { id: 7 } })
    .pass('Pass', 'Summarized', { id: 7 })
    .succeeded({ id: 7 });
}

/** A huge file whose Distributed Map failed: caught, the failure recorded, the execution failed. */
function failedHugeRun(mapRunArn: string): HistoryBuilder {
  const huge = { ...FILE, key: 'incoming/huge.csv', size: 5_000_000_000 };
  const history = new HistoryBuilder(at('2026-12-07T11:00:00Z'))
    .started(huge)
    .lambda('InspectFile', 'csv_inspect', huge, { output: { ...huge, huge: true } })
    .pass('Choice', 'IsLargeFile', { ...huge, huge: true })
    .lambda('PlanHugeChunks', 'csv_plan', huge, { output: { manifest: 'manifests/abc.json', chunks: 3 } })
    .distributedMap('SummarizeHugeChunks', { manifest: 'manifests/abc.json' }, mapRunArn, { error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' })
    .lambda('RecordFailure', 'csv_record_failure', { error: 'States.ExceedToleratedFailureThreshold' }, { output: { recorded: true } });
  history.entered('Fail', 'SummaryFailed', { recorded: true });
  return history.failed('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
}

/** A registration still running: ValidateClient scheduled, not done. */
function runningRun(): HistoryBuilder {
  const history = new HistoryBuilder(at('2026-12-07T11:30:00Z')).started({ email: 'ana@example.com' });
  history.entered('Task', 'ValidateClient', { email: 'ana@example.com' });
  history.add('LambdaFunctionScheduled', { resource: 'arn:aws:lambda:us-east-1:123456789012:function:fluxo-dev-client_validate', input: '{"email":"ana@example.com"}', timeoutInSeconds: 30 });
  return history;
}

/**
 * The stage `dev` of service `fluxo` as a stand-in serves it, plus another
 * stage's machine and another application's, which fluxo must not show.
 */
export function devStage(standIn = new SfnStandIn()): SfnStandIn {
  for (const machine of ['csv-summary', 'client-registration', 'assistant-turn']) standIn.addMachine({ name: `fluxo-dev-${machine}`, definition: definition(machine), logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/fluxo-dev-${machine}:*` });
  standIn.addMachine({ name: 'fluxo-prod-csv-summary', definition: definition('csv-summary') });
  standIn.addMachine({ name: 'billing-dev-invoices', definition: definition('hello') });

  const ok = succeededRun();
  standIn.addExecution({ machine: 'fluxo-dev-csv-summary', name: 'sales-csv-1', status: 'SUCCEEDED', startDate: at('2026-12-07T10:00:00Z'), stopDate: at('2026-12-07T10:00:05Z'), input: FILE, output: { id: 7 }, events: ok.events });

  const mapRunArn = mapRunArnOf('fluxo-dev-csv-summary', 'SummarizeHugeChunks', '5f1c7a2e-0d4b-4c55-9c8e-6a1f2b3c4d5e');
  const parent = standIn.addExecution({
    machine: 'fluxo-dev-csv-summary',
    name: 'huge-csv-1',
    status: 'FAILED',
    startDate: at('2026-12-07T11:00:00Z'),
    stopDate: at('2026-12-07T11:04:00Z'),
    input: { ...FILE, key: 'incoming/huge.csv' },
    error: 'States.ExceedToleratedFailureThreshold',
    cause: 'The specified tolerated failure threshold was exceeded',
    events: failedHugeRun(mapRunArn).events,
  });
  standIn.mapRuns.push({ mapRunArn, parent, status: 'FAILED', counts: { pending: 0, running: 0, succeeded: 2, failed: 1, timedOut: 0, aborted: 0, total: 3, resultsWritten: 3, failuresNotRedrivable: 0, pendingRedrive: 0 } });
  ['SUCCEEDED', 'FAILED', 'SUCCEEDED'].forEach((status, index) => {
    const name = `chunk-${index}-7c1d`;
    standIn.addExecution(
      { machine: 'fluxo-dev-csv-summary', name, status, startDate: at('2026-12-07T11:01:00Z') + index, stopDate: at('2026-12-07T11:02:00Z'), input: { start: index * 4096, end: (index + 1) * 4096 }, mapRunArn, ...(status === 'FAILED' ? { error: 'ValidationError', cause: 'line 12: unterminated quote' } : { output: { rows: 100 } }) },
      childArnOf('fluxo-dev-csv-summary', 'SummarizeHugeChunks', '5f1c7a2e-0d4b-4c55-9c8e-6a1f2b3c4d5e', name),
    );
  });

  standIn.addExecution({ machine: 'fluxo-dev-client-registration', name: 'msg-4711', status: 'RUNNING', startDate: at('2026-12-07T11:30:00Z'), input: { email: 'ana@example.com' }, events: runningRun().events });
  standIn.addExecution({ machine: 'fluxo-prod-csv-summary', name: 'prod-only-run', status: 'FAILED', startDate: at('2026-12-07T11:40:00Z'), stopDate: at('2026-12-07T11:41:00Z'), events: [] });
  standIn.addExecution({ machine: 'billing-dev-invoices', name: 'other-app-run', status: 'SUCCEEDED', startDate: at('2026-12-07T11:50:00Z'), stopDate: at('2026-12-07T11:51:00Z'), events: [] });
  return standIn;
}

export { executionArnOf };
