import type { Provider } from '../compose.js';

/** S3, its SDK imported on the first invocation (a worker thread running the handler locally never loads it). */
export const s3Objects: Provider<'objects'> = async ({ settings }) => new (await import('../../adapters/aws/s3-object-store.js')).S3ObjectStore(settings);
