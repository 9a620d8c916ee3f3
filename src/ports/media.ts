export interface FetchedMedia {
  body: Buffer;
  contentType: string;
}

/** Where a voice note is downloaded from: Twilio's media URLs (basic auth) on AWS; also the local media bucket locally. */
export interface MediaSource {
  fetch(url: string): Promise<FetchedMedia>;
}
