import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeTempFiles, writeWhole } from '../../adapters/local/whole-file.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { nameSegment } from '../../platform/path-segment.js';
import type { ChildExecution, ExecutionRecord, ExecutionStatus } from '../../ports/execution-history.js';

export type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../../ports/execution-history.js';

export function executionArn(machine: string, name: string): string {
  return `arn:aws:states:local:000000000000:execution:${machine}:${name}`;
}

/**
 * Keeps executions in memory and, with a root folder, as one JSON file each
 * (`<root>/<machine>/<name>.json`), so names stay unique across processes and
 * the CLI and the console see the same history.
 */
export class ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  constructor(private readonly root?: string) {}

  private fileOf(machine: string, name: string): string {
    return path.join(this.root ?? '', nameSegment('machine', machine), `${nameSegment('execution', name)}.json`);
  }

  /** Claims the name; throws ConflictError (ExecutionAlreadyExists) when it is taken. */
  async create(record: ExecutionRecord): Promise<void> {
    if (this.records.has(record.executionArn)) throw new ConflictError(`ExecutionAlreadyExists: ${record.name}`);
    if (this.root) {
      await mkdir(path.join(this.root, record.machine), { recursive: true });
      // Written whole, then linked under its name: link fails when the name is taken, and a process killed
      // in between leaves a temporary file, never an empty record that holds the name.
      const file = this.fileOf(record.machine, record.name);
      const temp = `${file}.${randomUUID()}.tmp`;
      await writeFile(temp, JSON.stringify(record));
      try {
        await link(temp, file);
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') throw new ConflictError(`ExecutionAlreadyExists: ${record.name}`);
        throw error;
      } finally {
        await rm(temp, { force: true });
      }
    }
    this.records.set(record.executionArn, record);
  }

  async save(record: ExecutionRecord): Promise<void> {
    this.records.set(record.executionArn, record);
    if (!this.root) return;
    // Whole or not at all: a process killed mid-write must not leave a record nobody can read.
    await writeWhole(this.fileOf(record.machine, record.name), JSON.stringify(record));
  }

  async get(machine: string, name: string): Promise<ExecutionRecord> {
    const file = this.fileOf(machine, name);
    const live = this.records.get(executionArn(machine, name));
    if (live) return live;
    if (this.root) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text) return JSON.parse(text) as ExecutionRecord;
    }
    throw new NotFoundError(`execution ${machine}/${name} not found`);
  }

  /** Removes what a process killed between write and rename left (`*.tmp`; the records themselves are intact). */
  async removeLeftovers(): Promise<void> {
    if (this.root) await removeTempFiles(this.root);
  }

  /**
   * One execution with the child executions its Distributed Maps ran (name, Map state, status). Children carry
   * the original execution's name: a redrive lists them too, those it ran again and those it found succeeded.
   */
  async withChildren(machine: string, name: string): Promise<ExecutionRecord & { children: (ChildExecution & { status: ExecutionStatus })[] }> {
    const record = await this.get(machine, name);
    const root = record.redriveOf ?? name;
    const children = (await this.list(machine)).filter((child) => child.parent?.name === root).map((child) => ({ name: child.name, state: child.parent?.state ?? '', status: child.status }));
    return { ...record, children: children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })) };
  }

  /** Newest first. */
  async list(machine?: string): Promise<ExecutionRecord[]> {
    const byArn = new Map<string, ExecutionRecord>();
    if (this.root) {
      const machines = machine ? [nameSegment('machine', machine)] : await readdir(this.root).catch(() => []);
      for (const name of machines) {
        for (const file of await readdir(path.join(this.root, name)).catch(() => [])) {
          if (!file.endsWith('.json')) continue;
          const text = await readFile(path.join(this.root, name, file), 'utf8').catch(() => undefined);
          if (!text) continue;
          try {
            const record = JSON.parse(text) as ExecutionRecord;
            byArn.set(record.executionArn, record);
          } catch {
            // A file being written by another process; it will be complete on the next read.
          }
        }
      }
    }
    for (const record of this.records.values()) if (!machine || record.machine === machine) byArn.set(record.executionArn, record);
    return [...byArn.values()].sort((a, b) => b.startDate.localeCompare(a.startDate));
  }
}
