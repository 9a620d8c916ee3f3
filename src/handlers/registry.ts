import type { Deps } from '../ports/index.js';
// fluxo:imports (fluxo generate function adds lines above this marker)
import * as hello_greet from './hello_greet.js';

/** A handler file: `build` makes the handler from deps, `main` is the Lambda entry point. */
export interface HandlerModule {
  build: (deps: Deps) => unknown;
}

/** Every function the local runtime can invoke, by its Lambda name. */
export const handlers: Record<string, HandlerModule> = {
  hello_greet,
  // fluxo:handlers
};
