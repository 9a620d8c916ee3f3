import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { greet, greetInput } from '../workflows/hello/greet.js';
import { onAws } from './compose.js';

export const build = (deps: Ports) => stateTask(deps, { name: 'hello_greet', input: greetInput, handle: async (event) => greet(event) });

// A pure step uses no port: nothing to wire on AWS, nothing but the base locally. A step that
// reaches a service names its port here and in the manifest (`fluxo generate function` shows how).
export const main = onAws({}, build);
