import * as z from '../zod.js';
import { configModule } from './module.js';

/** The `model` and `transcriber` ports (docs/assistant.md). Without OPENAI_API_KEY the local stack uses the offline model. */
export const openaiConfig = configModule({
  where: (stage) => `the secret fluxo/${stage}/openai`,
  shape: {
    OPENAI_API_KEY: z.optional(z.string().check(z.minLength(1))),
    OPENAI_BASE_URL: z.optional(z.url()),
    OPENAI_MODEL: z._default(z.string().check(z.minLength(1)), 'gpt-4.1-mini'),
    OPENAI_TRANSCRIBE_MODEL: z._default(z.string().check(z.minLength(1)), 'gpt-4o-mini-transcribe'),
  },
});
