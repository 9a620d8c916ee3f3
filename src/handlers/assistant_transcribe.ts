import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { transcribeStored } from '../workflows/assistant/voice.js';
import { onAws } from './compose.js';
import { openAiTranscriber } from './wiring/model.js';
import { s3Objects } from './wiring/objects.js';

const input = z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)), contentType: z.string().check(z.minLength(1)) });

/** The OpenAI transcription path (TRANSCRIBER=openai): the stored voice note -> `{text}`. */
export const build = (deps: Ports<'objects' | 'transcriber'>) => stateTask(deps, { name: 'assistant_transcribe', input, handle: async (event) => transcribeStored(deps.objects, await deps.transcriber(), event) });

export const main = onAws({ objects: s3Objects, transcriber: openAiTranscriber }, build);
