import { GetTranscriptionJobCommand, StartTranscriptionJobCommand, TranscribeClient, type StartTranscriptionJobCommandInput } from '@aws-sdk/client-transcribe';
import { serviceError } from '../../shared/errors.js';
import type { TranscriptionJobs } from '../../ports/transcription-jobs.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

/** Errors as Step Functions names them for an SDK integration: `Transcribe.ConflictException`. */
function asIntegrationError(error: unknown): Error {
  const name = (error as { name?: string }).name ?? 'Error';
  return serviceError(name.startsWith('Transcribe.') ? name : `Transcribe.${name}`, (error as Error).message ?? String(error));
}

/** The real Transcribe API (moto in the tests), for the local engine's SDK integration. */
export class AwsTranscriptionJobs implements TranscriptionJobs {
  readonly client: TranscribeClient;
  constructor(settings: AwsClientSettings) {
    this.client = new TranscribeClient(clientConfig(settings));
  }

  async start(parameters: Record<string, unknown>): Promise<unknown> {
    try {
      const { $metadata: _m, ...result } = await this.client.send(new StartTranscriptionJobCommand(parameters as unknown as StartTranscriptionJobCommandInput));
      return JSON.parse(JSON.stringify(result)) as unknown;
    } catch (error) {
      throw asIntegrationError(error);
    }
  }

  async get(parameters: Record<string, unknown>): Promise<unknown> {
    try {
      const { $metadata: _m, ...result } = await this.client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: String(parameters.TranscriptionJobName) }));
      return JSON.parse(JSON.stringify(result)) as unknown;
    } catch (error) {
      throw asIntegrationError(error);
    }
  }
}
