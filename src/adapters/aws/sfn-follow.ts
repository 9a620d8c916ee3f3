import type { GetExecutionHistoryCommandOutput, HistoryEvent as AwsEvent } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../ports/execution-history.js';
import { HistoryConverter } from './sfn-history.js';

/** What the follower needs of StageExecutions (sfn-stage.ts): one GetExecutionHistory page. */
export interface HistoryPages {
  historyPage(executionArn: string, nextToken?: string, reverseOrder?: boolean): Promise<GetExecutionHistoryCommandOutput>;
}

/** Polling a running execution: 2 s after a change, doubling up to 30 s while nothing moves. */
export const FOLLOW_POLL = { firstMs: 2000, maxMs: 30_000 };

const END = /^Execution(Succeeded|Failed|Aborted|TimedOut)$/;

/**
 * One execution's history, read once and then followed: {@link all} reads it from the
 * first event (forward pages, to the end: a page may be short and still go on), and
 * {@link newer} reads only what came after the last event read, newest-first pages back
 * to it (GetExecutionHistory `reverseOrder`), so polling a running execution never reads
 * its whole history again. The converter keeps what it needs to name later events' states.
 */
export class HistoryFollower {
  private readonly converter = new HistoryConverter();
  private lastId = 0;
  /** The execution has ended (its last Execution* event is a end, not `ExecutionRedriven`). */
  ended = false;

  constructor(
    private readonly pages: HistoryPages,
    readonly executionArn: string,
  ) {}

  async *all(): AsyncGenerator<HistoryEvent> {
    let nextToken: string | undefined;
    do {
      const page = await this.pages.historyPage(this.executionArn, nextToken);
      for (const event of page.events ?? []) yield* this.push(event);
      nextToken = page.nextToken;
    } while (nextToken);
    if (this.ended) yield* this.converter.flush();
  }

  async newer(): Promise<HistoryEvent[]> {
    const fresh: AwsEvent[] = [];
    let nextToken: string | undefined;
    reading: do {
      const page = await this.pages.historyPage(this.executionArn, nextToken, true);
      for (const event of page.events ?? []) {
        if (Number(event.id) <= this.lastId) break reading;
        fresh.push(event);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    const converted = fresh.reverse().flatMap((event) => this.push(event));
    return this.ended ? [...converted, ...this.converter.flush()] : converted;
  }

  private push(event: AwsEvent): HistoryEvent[] {
    this.lastId = Math.max(this.lastId, Number(event.id));
    const type = String(event.type);
    if (END.test(type)) this.ended = true;
    else if (type === 'ExecutionRedriven') this.ended = false;
    return this.converter.push(event);
  }
}
