import { ValidationError } from '../../shared/errors.js';
import type { MediaSource } from '../../ports/media.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { Transcriber } from '../../ports/transcription.js';

/** Amazon Transcribe's MediaFormat for a content type; undefined when it cannot take it. */
const FORMATS: Record<string, string> = { 'audio/ogg': 'ogg', 'audio/opus': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/mp4': 'mp4', 'audio/amr': 'amr', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/webm': 'webm', 'audio/flac': 'flac' };

export interface StoredAudio {
  bucket: string;
  key: string;
  /** s3://bucket/key, for StartTranscriptionJob's Media.MediaFileUri. */
  uri: string;
  format: string;
  contentType: string;
  /** Where Amazon Transcribe writes its transcript (OutputKey). */
  transcriptKey: string;
}

/** Downloads the voice note from Twilio and keeps it in the media bucket under the message id. */
export async function storeVoiceNote(media: MediaSource, objects: ObjectStore, request: { mediaUrl: string; contentType: string; messageSid: string; bucket: string }): Promise<StoredAudio> {
  const fetched = await media.fetch(request.mediaUrl);
  const contentType = (fetched.contentType !== 'application/octet-stream' ? fetched.contentType : request.contentType).split(';')[0]?.trim().toLowerCase() ?? '';
  const format = FORMATS[contentType];
  if (!format) throw new ValidationError(`media of type ${contentType || 'unknown'} is not a voice note this assistant can transcribe`);
  const key = `media/${request.messageSid}.${format}`;
  await objects.put(request.bucket, key, fetched.body, contentType);
  return { bucket: request.bucket, key, uri: `s3://${request.bucket}/${key}`, format, contentType, transcriptKey: `transcripts/${request.messageSid}.json` };
}

export async function transcribeStored(objects: ObjectStore, transcriber: Transcriber, audio: { bucket: string; key: string; contentType: string }): Promise<{ text: string }> {
  const body = await objects.get(audio.bucket, audio.key);
  return { text: (await transcriber.transcribe({ audio: body, mediaType: audio.contentType, language: 'pt-BR' })).trim() };
}
