import type { Deps } from '../ports/index.js';
// fluxo:imports (fluxo generate function adds lines above this marker)
import * as client_ingest from './client_ingest.js';
import * as client_reject from './client_reject.js';
import * as client_upsert from './client_upsert.js';
import * as client_validate from './client_validate.js';
import * as csv_ingest from './csv_ingest.js';
import * as csv_inspect from './csv_inspect.js';
import * as csv_summarize from './csv_summarize.js';
import * as csv_plan from './csv_plan.js';
import * as csv_summarize_chunk from './csv_summarize_chunk.js';
import * as csv_merge from './csv_merge.js';
import * as csv_refine_chunk from './csv_refine_chunk.js';
import * as csv_exact_quartiles from './csv_exact_quartiles.js';
import * as csv_store from './csv_store.js';
import * as csv_record_failure from './csv_record_failure.js';
import * as hello_greet from './hello_greet.js';
import * as db_migrate from './db_migrate.js';
import * as ops_transitions from './ops_transitions.js';
import * as whatsapp_webhook from './whatsapp_webhook.js';
import * as assistant_respond from './assistant_respond.js';
import * as assistant_poll from './assistant_poll.js';
import * as assistant_run_tool from './assistant_run_tool.js';
import * as assistant_send_reply from './assistant_send_reply.js';
import * as assistant_fetch_media from './assistant_fetch_media.js';
import * as assistant_transcribe from './assistant_transcribe.js';

/** A handler file: `build` makes the handler from deps, `main` is the Lambda entry point. */
export interface HandlerModule {
  build: (deps: Deps) => unknown;
}

/** Every function the local runtime can invoke, by its Lambda name. */
export const handlers: Record<string, HandlerModule> = {
  client_ingest,
  client_validate,
  client_upsert,
  client_reject,
  csv_ingest,
  csv_inspect,
  csv_summarize,
  csv_plan,
  csv_summarize_chunk,
  csv_merge,
  csv_refine_chunk,
  csv_exact_quartiles,
  csv_store,
  csv_record_failure,
  hello_greet,
  db_migrate,
  ops_transitions,
  whatsapp_webhook,
  assistant_respond,
  assistant_poll,
  assistant_run_tool,
  assistant_send_reply,
  assistant_fetch_media,
  assistant_transcribe,
  // fluxo:handlers
};
