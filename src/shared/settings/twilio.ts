import * as z from '../zod.js';
import { configModule } from './module.js';

/** The `messages` and `media` ports, and the webhook's signature check (docs/assistant.md). */
export const twilioConfig = configModule({
  where: (stage) => `the secret fluxo/${stage}/twilio`,
  shape: {
    TWILIO_ACCOUNT_SID: z.optional(z.string().check(z.minLength(1))),
    TWILIO_AUTH_TOKEN: z.optional(z.string().check(z.minLength(8))),
    TWILIO_WHATSAPP_FROM: z.optional(z.string().check(z.minLength(1))),
    /** The Messages API's origin: https://api.twilio.com unless set (a regional edge, or a fake in tests). */
    TWILIO_API_BASE_URL: z.optional(z.url()),
    /** The public URL Twilio posts to: signatures are computed over it, not over what API Gateway sees. */
    WHATSAPP_WEBHOOK_URL: z.optional(z.url()),
  },
});
