import type { ListExecutionsCommandOutput, ListMapRunsCommandOutput } from '@aws-sdk/client-sfn';

/** What the search needs of StageExecutions (sfn-stage.ts). */
export interface ChildLister {
  list(options: { machine: string; limit: number }): Promise<{ executionArn: string }[]>;
  mapRunsOf(executionArn: string): Promise<ListMapRunsCommandOutput>;
  childrenPage(mapRunArn: string, nextToken?: string): Promise<ListExecutionsCommandOutput>;
}

/**
 * A Distributed Map child's ARN from its name alone: its ARN holds the Map Run's id, which
 * only the parent knows. Looks through the Map Runs (ListMapRuns, ListExecutions of each run)
 * of the machine's `latest` executions, newest first; undefined when none has it.
 */
export async function findChild(stage: ChildLister, machine: string, name: string, latest: number): Promise<string | undefined> {
  const parents = await stage.list({ machine, limit: latest });
  for (const parent of parents) {
    const runs = await stage.mapRunsOf(parent.executionArn);
    for (const run of runs.mapRuns ?? []) {
      if (!run.mapRunArn) continue;
      let nextToken: string | undefined;
      do {
        const page = await stage.childrenPage(run.mapRunArn, nextToken);
        const found = (page.executions ?? []).find((item) => item.name === name);
        if (found?.executionArn) return found.executionArn;
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }
  return undefined;
}
