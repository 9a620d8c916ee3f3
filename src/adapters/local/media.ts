import type { FetchedMedia, MediaSource } from '../../ports/media.js';
import type { ObjectStore } from '../../ports/object-store.js';

/** `local-media://<bucket>/<key>`: a voice note `fluxo chat --audio` or the console left in the local object store. */
export const LOCAL_MEDIA_SCHEME = 'local-media://';

/** Local media first; any other URL goes to `remote` (Twilio's, with the configured credentials). */
export class LocalMedia implements MediaSource {
  constructor(
    private readonly objects: ObjectStore,
    private readonly remote: MediaSource,
  ) {}

  async fetch(url: string): Promise<FetchedMedia> {
    if (!url.startsWith(LOCAL_MEDIA_SCHEME)) return this.remote.fetch(url);
    const [bucket = '', ...key] = url.slice(LOCAL_MEDIA_SCHEME.length).split('/');
    const path = key.join('/');
    const [body, info] = await Promise.all([this.objects.get(bucket, path), this.objects.head(bucket, path)]);
    return { body, contentType: info.contentType ?? 'audio/ogg' };
  }
}
