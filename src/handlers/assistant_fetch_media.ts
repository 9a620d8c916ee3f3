import * as z from '../shared/zod.js';
import { stateTask } from '../platform/kinds/state-task.js';
import type { Ports } from '../ports/index.js';
import { storeVoiceNote } from '../workflows/assistant/voice.js';
import { onAws } from './compose.js';
import { s3Objects } from './wiring/objects.js';
import { twilioMedia } from './wiring/twilio.js';

const input = z.object({ mediaUrl: z.string().check(z.minLength(1)), contentType: z.string(), messageSid: z.string().check(z.minLength(1)), bucket: z.string().check(z.minLength(1)) });

/** Downloads a voice note from Twilio (basic auth) into the media bucket, for Transcribe or OpenAI to read. */
export const build = (deps: Ports<'media' | 'objects'>) => stateTask(deps, { name: 'assistant_fetch_media', input, handle: async (event) => storeVoiceNote(deps.media, deps.objects, event) });

export const main = onAws({ media: twilioMedia, objects: s3Objects }, build);
