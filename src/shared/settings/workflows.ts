import * as z from '../zod.js';
import { configModule } from './module.js';

/** The `workflows` and `history` ports: the stage's state machines. */
export const workflowsConfig = configModule({
  where: () => "the function's environment, serverless.yml's provider.environment",
  shape: {
    /** ARN prefix of this stage's state machines, `arn:aws:states:<region>:<account>:stateMachine:<service>-<stage>-`. */
    STATE_MACHINE_ARN_PREFIX: z.optional(z.string()),
  },
});
