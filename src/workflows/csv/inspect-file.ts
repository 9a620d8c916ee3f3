import path from 'node:path';
import { sniff, SNIFF_BYTES } from '../../domain/csv/sniff.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { InspectedFile } from './schemas.js';
import { readSample } from './source.js';

/**
 * InspectFile: size and content type, then the dialect from the first 64 KB (a UTF-16 file's
 * transcoded to UTF-8: every chunk task reads with the encoding recorded here); `large`/`huge`
 * choose the path.
 */
export async function inspect(objects: ObjectStore, target: { bucket: string; key: string; etag: string }, sizes: { largeBytes: number; hugeBytes?: number }): Promise<InspectedFile> {
  const info = await objects.head(target.bucket, target.key);
  const name = path.posix.basename(target.key);
  if (info.size === 0) throw new ValidationError(`${name}: line 1: empty file`);
  const { sample, utf16 } = await readSample(objects, { bucket: target.bucket, key: target.key, size: info.size });
  const dialect = sniff(sample, name, info.size <= SNIFF_BYTES);
  return { bucket: target.bucket, key: target.key, etag: target.etag, size: info.size, contentType: info.contentType ?? null, ...dialect, encoding: utf16 ?? dialect.encoding, large: info.size > sizes.largeBytes, huge: info.size > (sizes.hugeBytes ?? Infinity) };
}
