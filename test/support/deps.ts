import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { JsonKeyValueStore } from '../../src/adapters/local/json-kv.js';
import { EnvSecretStore } from '../../src/adapters/local/env-secrets.js';
import { LocalBus } from '../../src/adapters/local/memory-bus.js';
import { baseConfigSchema, parseConfig } from '../../src/shared/config.js';
import { silentLogger, type Logger } from '../../src/platform/logger.js';
import type { Deps } from '../../src/ports/index.js';
import type { RelationalStore } from '../../src/ports/relational-store.js';
import { PgClientRepository } from '../../src/adapters/postgres/client-repository.js';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
// fluxo:local-adapter-imports (fluxo generate function adds a local adapter's import above this line)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Local deps around a given database, for testing one handler kind in isolation. */
export function testDeps(db: RelationalStore, overrides: Partial<Deps> & { logger?: Logger } = {}): Deps {
  const bus = new LocalBus();
  return {
    config: parseConfig(baseConfigSchema, { CSV_WORK_BUCKET: 'fluxo-work' }),
    logger: silentLogger(),
    db: async () => db,
    clients: async () => new PgClientRepository(db),
    summaries: async () => new PgSummaryRepository(db),
    objects: new FsObjectStore(mkdtempSync(path.join(tmpdir(), 'fluxo-objects-'))),
    queues: bus,
    topics: bus,
    kv: new JsonKeyValueStore(),
    workflows: { start: async (machine, name) => ({ executionArn: `${machine}:${name}`, alreadyExisted: false }) },
    secrets: new EnvSecretStore({}),
    model: async () => {
      throw new Error('no model in these tests');
    },
    ledger: { add: async () => true, list: async () => [], remove: async () => undefined, update: async () => undefined },
    media: { fetch: async () => ({ body: Buffer.alloc(0), contentType: 'audio/ogg' }) },
    transcriber: async () => ({ transcribe: async () => '' }),
    metrics: { count: () => undefined },
    history: { closedBetween: async () => [] },
    messages: { send: async () => 'SM-test' },
    // fluxo:local-adapters (fluxo generate function adds a port's local adapter above this line)
    ...overrides,
  };
}
