import { TwilioMedia } from '../../adapters/twilio/media.js';
import type { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import { TwilioMessages } from '../../adapters/twilio/messages.js';
import { requireKeys } from '../../shared/config.js';
import { twilioConfig } from '../../shared/settings/twilio.js';
import type { Provider } from '../compose.js';

/** How long Twilio may take to fetch a chart from the media bucket. */
const MEDIA_URL_SECONDS = 15 * 60;

export const twilioMessages: Provider<'messages'> = ({ config, settings }) => {
  let objects: S3ObjectStore | undefined;
  // Charts go to the media bucket under charts/ (a lifecycle rule expires them) and Twilio fetches them by a presigned URL.
  const hostMedia = async (media: { name: string; contentType: string; bytes: Uint8Array }) => {
    objects ??= new (await import('../../adapters/aws/s3-object-store.js')).S3ObjectStore(settings);
    const key = `charts/${media.name}`;
    await objects.put(config.MEDIA_BUCKET, key, Buffer.from(media.bytes), media.contentType);
    return objects.presignGet(config.MEDIA_BUCKET, key, MEDIA_URL_SECONDS);
  };
  return {
    send: async (message) => {
      const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_WHATSAPP_FROM: from } = requireKeys({ TWILIO_ACCOUNT_SID: config.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: config.TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM: config.TWILIO_WHATSAPP_FROM }, twilioConfig.where(config.STAGE));
      return new TwilioMessages(sid, token, from, config.TWILIO_API_BASE_URL, undefined, hostMedia).send(message);
    },
  };
};

export const twilioMedia: Provider<'media'> = ({ config }) => ({
  fetch: async (url) => {
    const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token } = requireKeys({ TWILIO_ACCOUNT_SID: config.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: config.TWILIO_AUTH_TOKEN }, twilioConfig.where(config.STAGE));
    return new TwilioMedia(sid, token).fetch(url);
  },
});
