import * as z from '../zod.js';
import { configModule } from './module.js';

/** Client registration (src/workflows/clients). */
export const clientsConfig = configModule({
  where: () => "the function's environment",
  shape: {
    /** Phone numbers without a country code are read as this region's. */
    DEFAULT_PHONE_REGION: z._default(z.string().check(z.length(2)), 'BR'),
  },
});
