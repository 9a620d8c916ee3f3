import * as z from '../zod.js';
import { configModule } from './module.js';

/** The assistant's conversation state and media (docs/assistant.md). */
export const assistantConfig = configModule({
  where: () => "the function's environment, serverless.yml's provider.environment",
  shape: {
    CONVERSATIONS_TABLE: z._default(z.string().check(z.minLength(1)), 'fluxo-conversations'),
    /** Voice notes are kept here (media/<MessageSid>), with Amazon Transcribe's transcripts (transcripts/<MessageSid>.json). */
    MEDIA_BUCKET: z._default(z.string().check(z.minLength(1)), 'fluxo-media'),
    /** Who transcribes voice notes: Amazon Transcribe (pt-BR) or OpenAI's gpt-4o-mini-transcribe. */
    TRANSCRIBER: z._default(z.enum(['transcribe', 'openai']), 'openai'),
  },
});
