export interface TranscriptionRequest {
  /** Audio bytes, or a location the service can read (an S3 URI on AWS). */
  audio: Buffer;
  mediaType: string;
  language: string;
}

/** Amazon Transcribe or OpenAI transcription; the offline model locally. */
export interface Transcriber {
  transcribe(request: TranscriptionRequest): Promise<string>;
}
