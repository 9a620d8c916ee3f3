import type { Deps } from '../ports/index.js';
// fluxo:imports (fluxo generate function adds lines above this marker)
import * as client_ingest from './client_ingest.js';
import * as client_reject from './client_reject.js';
import * as client_upsert from './client_upsert.js';
import * as client_validate from './client_validate.js';
import * as hello_greet from './hello_greet.js';

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
  hello_greet,
  // fluxo:handlers
};
