import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import type { Provider } from '../compose.js';

export const s3Objects: Provider<'objects'> = ({ settings }) => new S3ObjectStore(settings);
