import path from 'node:path';
import { ValidationError } from '../../platform/errors.js';
import type { LocalStack } from '../stack/compose.js';
import { requireType } from './guard.js';
import { UPLOADS_BUCKET } from '../stack/topology.js';
import { bodyToFile, readJson, send, type Route } from './http.js';

const CLIENT_TOPIC = 'NewClientNotification';
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** CSV uploads and summaries, client registrations and the registered clients. */
export function dataRoutes(stack: LocalStack, maxUploadBytes = MAX_UPLOAD_BYTES): Route[] {
  return [
    [
      /^POST \/api\/uploads$/,
      async (_m, request, response, url) => {
        const name = path.basename(url.searchParams.get('name') ?? '');
        if (!/^[^/\\]{1,200}\.csv$/i.test(name)) throw new ValidationError('name must be a file name ending in .csv');
        requireType(request, ['text/csv', 'application/octet-stream']);
        const temp = await bodyToFile(request, path.join(stack.objects.root, '.uploads'), maxUploadBytes);
        const info = await stack.objects.putFile(UPLOADS_BUCKET, `incoming/${name}`, temp, 'text/csv');
        send(response, 202, { key: info.key, etag: info.etag, size: info.size });
      },
    ],
    [/^GET \/api\/summaries$/, async (_m, _q, response) => send(response, 200, (await (await stack.deps.summaries()).list()).map(({ summary: _s, ...rest }) => rest))],
    [
      /^GET \/api\/summaries\/(\d+)$/,
      async (m, _q, response) => {
        const file = await (await stack.deps.summaries()).get(Number(m[1]));
        send(response, file ? 200 : 404, file ?? { error: 'NotFoundError', message: `no summary ${m[1]}` });
      },
    ],
    [
      /^POST \/api\/clients$/,
      async (_m, request, response) => {
        const message = await readJson(request);
        const messageId = await stack.bus.publish(CLIENT_TOPIC, JSON.stringify(message));
        send(response, 202, { messageId });
      },
    ],
    [/^GET \/api\/clients$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).list())],
    [/^GET \/api\/clients\/rejections$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).rejections())],
  ];
}
