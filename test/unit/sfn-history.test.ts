import type { HistoryEvent as AwsEvent } from '@aws-sdk/client-sfn';
import { convertHistory, HistoryConverter } from '../../src/adapters/aws/sfn-history.js';
import { HistoryBuilder, type WireEvent } from '../support/sfn-history.js';

/** Wire events as the SDK hands them over: timestamps as Dates. */
const sdk = (events: WireEvent[]): AwsEvent[] => events.map((event) => ({ ...event, timestamp: new Date(event.timestamp * 1000) }) as unknown as AwsEvent);

describe("Step Functions histories as the local engine's events", () => {
  it('turns Entered/Exited into StateEntered/StateExited and names the state of every Lambda event', () => {
    const history = new HistoryBuilder().started({ key: 'a.csv' }).lambda('InspectFile', 'csv_inspect', { key: 'a.csv' }, { output: { large: false } }).succeeded({ ok: true });
    const events = convertHistory(sdk(history.events));
    expect(events.map((event) => [event.type, event.stateName ?? '-', event.stateType ?? '-'])).toEqual([
      ['ExecutionStarted', '-', '-'],
      ['StateEntered', 'InspectFile', 'Task'],
      ['LambdaFunctionScheduled', 'InspectFile', 'Task'],
      ['LambdaFunctionStarted', 'InspectFile', 'Task'],
      ['LambdaFunctionSucceeded', 'InspectFile', 'Task'],
      ['StateExited', 'InspectFile', 'Task'],
      ['ExecutionSucceeded', '-', '-'],
    ]);
    expect(events[0]).toMatchObject({ id: 1, input: { key: 'a.csv' }, timestamp: '2026-12-07T12:00:00.137Z' });
    expect(events[5]).toMatchObject({ output: { large: false } });
    expect(events[6]).toMatchObject({ output: { ok: true } });
  });

  it('a failure the same state schedules again is a retry, numbered per attempt', () => {
    const history = new HistoryBuilder().started({}).lambda('StoreSummary', 'csv_store', {}, { output: { id: 1 } }, { failuresBefore: 2 }).succeeded({ id: 1 });
    const retries = convertHistory(sdk(history.events)).filter((event) => event.type === 'StateRetried');
    expect(retries.map((event) => [event.stateName, event.attempt, event.error])).toEqual([
      ['StoreSummary', 1, 'TransientError'],
      ['StoreSummary', 2, 'TransientError'],
    ]);
  });

  it('a failure a Catch leads out of is caught, and the next state is not nested in the failed one', () => {
    const history = new HistoryBuilder().started({}).lambda('InspectFile', 'csv_inspect', {}, { error: 'ValidationError', cause: 'not a CSV' }).lambda('RecordFailure', 'csv_record_failure', {}, { output: {} });
    history.entered('Fail', 'SummaryFailed', {});
    history.failed('ValidationError', 'not a CSV');
    const events = convertHistory(sdk(history.events));
    expect(events.find((event) => event.type === 'StateCaught')).toMatchObject({ stateName: 'InspectFile', error: 'ValidationError', cause: 'not a CSV' });
    expect(events.filter((event) => event.stateName === 'RecordFailure').every((event) => event.stateType === 'Task')).toBe(true);
    expect(events.at(-2)).toMatchObject({ type: 'StateFailed', stateName: 'SummaryFailed', stateType: 'Fail', error: 'ValidationError', cause: 'not a CSV' });
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', error: 'ValidationError' });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('a failure the execution ends on is StateFailed; one still undecided at the end of a page waits for the next', () => {
    const history = new HistoryBuilder().started({}).lambda('ValidateClient', 'client_validate', {}, { error: 'States.Timeout', cause: 'timed out' });
    history.failed('States.Timeout', 'timed out');
    const converter = new HistoryConverter();
    const firstPage = sdk(history.events.slice(0, 5)).flatMap((event) => converter.push(event));
    expect(firstPage.map((event) => event.type)).not.toContain('StateFailed');
    const rest = [...sdk(history.events.slice(5)).flatMap((event) => converter.push(event)), ...converter.flush()];
    expect(rest.map((event) => event.type)).toEqual(['StateFailed', 'ExecutionFailed']);
  });

  it('states inside an inline Map iteration belong to the iteration, and the state after the Map to the top level', () => {
    const history = new HistoryBuilder().started({});
    history.entered('Map', 'SummarizeChunks', [1, 2]);
    history.add('MapStateStarted', { length: 1 });
    const iteration = history.add('MapIterationStarted', { name: 'SummarizeChunks', index: 0 });
    history.lambda('SummarizeChunk', 'csv_summarize_chunk', { start: 0 }, { output: { rows: 1 } });
    history.add('MapIterationSucceeded', { name: 'SummarizeChunks', index: 0 });
    history.add('MapStateSucceeded');
    history.exited('Map', 'SummarizeChunks', [{ rows: 1 }]);
    history.lambda('MergePartials', 'csv_merge', [{ rows: 1 }], { output: { rows: 1 } });
    const events = convertHistory(sdk(history.events));
    expect(iteration).toBe(4);
    expect(events.find((event) => event.type === 'MapIterationStarted')).toMatchObject({ stateName: 'SummarizeChunks', index: 0 });
    expect(events.filter((event) => event.type === 'StateEntered').map((event) => `${event.stateName}:${event.stateType}`)).toEqual(['SummarizeChunks:Map', 'SummarizeChunk:Task', 'MergePartials:Task']);
    expect(events.find((event) => event.type === 'MapStateSucceeded')).toMatchObject({ stateName: 'SummarizeChunks' });
  });

  it('an AWS SDK integration task keeps its TaskScheduled parameters as the input', () => {
    const history = new HistoryBuilder().started({}).sdkTask('TranscribeVoice', 'aws-sdk:transcribe:startTranscriptionJob', { TranscriptionJobName: 'j1' }, { TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS' } });
    const scheduled = convertHistory(sdk(history.events)).find((event) => event.type === 'TaskScheduled');
    expect(scheduled).toMatchObject({ stateName: 'TranscribeVoice', input: { TranscriptionJobName: 'j1' } });
  });
});
