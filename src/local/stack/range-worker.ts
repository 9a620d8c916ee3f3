import { parentPort, workerData } from 'node:worker_threads';
import { FsObjectStore, type EtagKind } from '../../adapters/local/fs-object-store.js';
import type { PassOptions } from '../../workflows/csv/chunk-passes.js';
import { refineRange, summarizeRange, type RangeAnswer, type RangeRequest } from './range-passes.js';

/** What a range worker starts with. */
export interface RangeWorkerData {
  objectsRoot: string;
  objectEtags: EtagKind;
  path: string;
  options: PassOptions;
}

/**
 * A worker thread of `fluxo summarize`: the passes over its ranges of the local file, and
 * nothing else loaded (no handler, logger, config or zod: each costs every thread its memory).
 * The partial goes back as Summarizer.toTransfer gives it: its arrays moved, not copied.
 */
const data = workerData as RangeWorkerData;
const context = { objects: new FsObjectStore(data.objectsRoot, data.objectEtags), path: data.path, options: data.options };

async function answer(request: RangeRequest): Promise<{ answer: RangeAnswer; transfer?: ArrayBuffer[] }> {
  try {
    if (request.kind === 'refine') return { answer: { ok: true, pass: (await refineRange(context, request.file, request.chunk, request.plan)).toJSON() } };
    const summarizer = await summarizeRange(context, request.file, request.chunk);
    if ('mismatch' in summarizer) return { answer: { ok: true, mismatch: true } };
    const { partial, transfer } = summarizer.toTransfer();
    return { answer: { ok: true, partial }, transfer };
  } catch (error) {
    const named = error instanceof Error ? error : new Error(String(error));
    return { answer: { ok: false, name: named.name, message: named.message } };
  }
}

parentPort?.on('message', (request: RangeRequest) => {
  void answer(request).then(({ answer, transfer }) => parentPort?.postMessage(answer, transfer));
});
