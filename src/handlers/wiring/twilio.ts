import { TwilioMedia } from '../../adapters/twilio/media.js';
import { TwilioMessages } from '../../adapters/twilio/messages.js';
import { ConfigError } from '../../platform/errors.js';
import type { Provider } from '../compose.js';

export const twilioMessages: Provider<'messages'> = ({ config }) => ({
  send: async (message) => {
    const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_WHATSAPP_FROM: from } = config;
    if (!sid || !token || !from) throw new ConfigError(Object.entries({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_WHATSAPP_FROM: from }).filter(([, value]) => !value).map(([key]) => key));
    return new TwilioMessages(sid, token, from).send(message);
  },
});

export const twilioMedia: Provider<'media'> = ({ config }) => ({
  fetch: async (url) => {
    if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) throw new ConfigError(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
    return new TwilioMedia(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN).fetch(url);
  },
});
