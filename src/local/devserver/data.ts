import { rm } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../../shared/errors.js';
import type { LocalStack } from '../stack/compose.js';
import { requireType } from './guard.js';
import { incomingKey, UPLOADS_BUCKET } from '../stack/topology.js';
import { metadataOfOverrides } from '../../domain/csv/dialect.js';
import { CLIENT_MACHINE, executionNameFor } from '../../workflows/clients/ingest.js';
import { bodyToFile, readJson, send, type Route } from './http.js';
import { replayCsv } from '../stack/replay.js';

const CLIENT_TOPIC = 'NewClientNotification';
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** CSV uploads and summaries, client registrations and the registered clients. */
export function dataRoutes(stack: LocalStack, maxUploadBytes = MAX_UPLOAD_BYTES): Route[] {
  return [
    [
      /^POST \/api\/uploads$/,
      async (_m, request, response, url) => {
        // ?name=sales.csv&dataset=vendas[&delimiter=;&encoding=latin1&decimal=,]: checked before a byte is stored.
        const key = incomingKey(url.searchParams.get('name') ?? '', url.searchParams.get('dataset') ?? '');
        const setting = (name: string) => url.searchParams.get(name) || undefined;
        // The dialect goes with the object as its metadata, as `aws s3 cp --metadata` would carry it.
        const metadata = metadataOfOverrides({ delimiter: setting('delimiter'), encoding: setting('encoding'), decimal: setting('decimal') });
        requireType(request, ['text/csv', 'application/octet-stream']);
        const temp = await bodyToFile(request, path.join(stack.objects.root, '.uploads'), maxUploadBytes);
        try {
          const info = await stack.objects.putFile(UPLOADS_BUCKET, key, temp, 'text/csv', metadata);
          send(response, 202, { key: info.key, etag: info.etag, size: info.size });
        } finally {
          await rm(temp, { force: true });
        }
      },
    ],
    [/^GET \/api\/summaries$/, async (_m, _q, response) => send(response, 200, (await (await stack.deps.summaries()).list()).map(({ summary: _s, ...rest }) => rest))],
    [
      /^GET \/api\/summaries\/(\d+)$/,
      async (m, _q, response) => {
        const file = await (await stack.deps.summaries()).get(Number(m[1]));
        if (!file) throw new NotFoundError(`no summary ${(m[1] ?? '').slice(0, 24)}`);
        send(response, 200, file);
      },
    ],
    [
      /^POST \/api\/summaries\/(\d+)\/replay$/,
      async (m, request, response) => {
        requireType(request, ['application/json']);
        // "Summarize again": the stored file under a new execution name; the page follows it.
        const file = await (await stack.deps.summaries()).get(Number(m[1]));
        if (!file) throw new NotFoundError(`no summary ${(m[1] ?? '').slice(0, 24)}`);
        const { machine, name, done } = await replayCsv(stack, file.key);
        done.catch(() => undefined); // its outcome is the execution's and the summary's, read by the page
        send(response, 202, { execution: { machine, name } });
      },
    ],
    [
      /^POST \/api\/clients$/,
      async (_m, request, response) => {
        const message = await readJson(request);
        const messageId = await stack.bus.publish(CLIENT_TOPIC, JSON.stringify(message));
        // The registration's execution, named after the message: where the console reads the outcome.
        send(response, 202, { messageId, execution: { machine: CLIENT_MACHINE, name: executionNameFor(messageId) } });
      },
    ],
    [/^GET \/api\/clients$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).list())],
    [/^GET \/api\/clients\/rejections$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).rejections())],
  ];
}
