import OpenAI, { toFile } from 'openai';
import { TransientError, ValidationError } from '../../shared/errors.js';
import type { TranscriptionRequest, Transcriber } from '../../ports/transcription.js';
import { OpenAiPort, type OpenAiOptions } from './client.js';

const EXTENSIONS: Record<string, string> = { 'audio/ogg': 'ogg', 'audio/opus': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/amr': 'amr', 'audio/wav': 'wav', 'audio/webm': 'webm', 'audio/x-wav': 'wav' };

/** OpenAI transcription (gpt-4o-mini-transcribe by default); the offline model answers the same endpoint. */
export class OpenAiTranscriber extends OpenAiPort implements Transcriber {
  constructor(options: OpenAiOptions) {
    super(options, 60_000);
  }

  async transcribe(request: TranscriptionRequest): Promise<string> {
    const extension = EXTENSIONS[request.mediaType.split(';')[0]?.trim() ?? ''] ?? 'ogg';
    try {
      const result = await this.client.audio.transcriptions.create({
        file: await toFile(request.audio, `voice.${extension}`, { type: request.mediaType }),
        model: this.model,
        language: request.language.slice(0, 2),
      });
      return result.text;
    } catch (error) {
      if (error instanceof OpenAI.APIError) {
        const status = error.status ?? 0;
        if (status === 429 || status >= 500 || status === 0) throw new TransientError(`OpenAI transcription ${status || 'connection'}`);
        throw new ValidationError(`OpenAI transcription ${status}: ${error.message.split('\n')[0]}`);
      }
      if (error instanceof OpenAI.APIConnectionError) throw new TransientError('OpenAI transcription: connection failed');
      throw error;
    }
  }
}
