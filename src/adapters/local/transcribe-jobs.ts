import { serviceError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { Transcriber } from '../../ports/transcription.js';
import type { TranscriptionJobs } from '../../ports/transcription-jobs.js';

type Status = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
interface Job {
  status: Status;
  failureReason?: string;
  done: Promise<void>;
}

const integrationError = (name: string, message: string): Error => serviceError(`Transcribe.${name}`, message);

/**
 * Amazon Transcribe on a laptop: a job reads the media from the local object
 * store, runs the configured transcriber (the offline model by default) and
 * writes the transcript JSON where Transcribe would (OutputBucketName /
 * OutputKey, `results.transcripts[0].transcript`).
 */
export class LocalTranscriptionJobs implements TranscriptionJobs {
  private readonly jobs = new Map<string, Job>();
  constructor(
    private readonly objects: ObjectStore,
    private readonly transcriber: () => Promise<Transcriber>,
  ) {}

  async start(parameters: Record<string, unknown>): Promise<unknown> {
    const name = String(parameters.TranscriptionJobName ?? '');
    if (!name) throw integrationError('BadRequestException', 'TranscriptionJobName is required');
    if (this.jobs.has(name)) throw integrationError('ConflictException', 'The requested job name already exists. Use a different job name.');
    const uri = String((parameters.Media as { MediaFileUri?: string } | undefined)?.MediaFileUri ?? '');
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) throw integrationError('BadRequestException', 'Media.MediaFileUri must be s3://bucket/key');
    const [, bucket = '', key = ''] = match;
    const outputBucket = String(parameters.OutputBucketName ?? bucket);
    const outputKey = String(parameters.OutputKey ?? `${name}.json`);
    const job: Job = { status: 'IN_PROGRESS', done: Promise.resolve() };
    job.done = (async () => {
      try {
        const audio = await this.objects.get(bucket, key);
        const info = await this.objects.head(bucket, key);
        const text = await (await this.transcriber()).transcribe({ audio, mediaType: info.contentType ?? 'audio/ogg', language: String(parameters.LanguageCode ?? 'pt-BR') });
        const transcript = { jobName: name, accountId: '000000000000', status: 'COMPLETED', results: { transcripts: [{ transcript: text }], items: [] } };
        await this.objects.put(outputBucket, outputKey, JSON.stringify(transcript), 'application/json');
        job.status = 'COMPLETED';
      } catch (error) {
        job.status = 'FAILED';
        job.failureReason = (error as Error).message;
      }
    })();
    this.jobs.set(name, job);
    return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'IN_PROGRESS', LanguageCode: parameters.LanguageCode } };
  }

  async get(parameters: Record<string, unknown>): Promise<unknown> {
    const name = String(parameters.TranscriptionJobName ?? '');
    const job = this.jobs.get(name);
    if (!job) throw integrationError('BadRequestException', 'The requested job couldn\'t be found. Check the job name and try your request again.');
    return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: job.status, ...(job.failureReason ? { FailureReason: job.failureReason } : {}) } };
  }
}
