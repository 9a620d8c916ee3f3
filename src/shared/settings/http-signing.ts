import * as z from '../zod.js';
import { configModule } from './module.js';

/**
 * The shared secret a generated HTTP function checks each request's signature with
 * (src/platform/request-signature.ts), as the WhatsApp webhook checks Twilio's. On a stage it is
 * the function's own secret `<service>/<stage>/<function>-signing`; locally `.fluxo/dev-secrets.json`.
 */
export const httpSigningConfig = configModule({
  where: () => "the secret the function's FLUXO_SECRET_IDS names (<service>/<stage>/<function>-signing)",
  shape: {
    HTTP_SIGNING_SECRET: z.optional(z.string().check(z.minLength(16))),
  },
});
