import path from 'node:path';
import { applyOverrides, hasOverrides, metadataLabel, overridesOfMetadata, type DialectOverrides } from '../../domain/csv/dialect.js';
import { sampleRows, sniff, SNIFF_BYTES } from '../../domain/csv/sniff.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { InspectedFile } from './schemas.js';
import { readSample } from './source.js';

/**
 * InspectFile: size and content type, then the dialect from the first 64 KB (a UTF-16 file's
 * transcoded to UTF-8: every chunk task reads with the encoding recorded here); `large`/`huge`
 * choose the path.
 */
export async function inspect(objects: ObjectStore, target: { bucket: string; key: string; etag: string }, sizes: { largeBytes: number; hugeBytes?: number }, forced: DialectOverrides = {}): Promise<InspectedFile> {
  const info = await objects.head(target.bucket, target.key);
  const name = path.posix.basename(target.key);
  if (info.size === 0) throw new ValidationError(`${name}: line 1: empty file`);
  const { sample, utf16 } = await readSample(objects, { bucket: target.bucket, key: target.key, size: info.size });
  const sniffed = sniff(sample, name, info.size <= SNIFF_BYTES);
  const file: InspectedFile = { bucket: target.bucket, key: target.key, etag: target.etag, size: info.size, contentType: info.contentType ?? null, ...sniffed, encoding: utf16 ?? sniffed.encoding, large: info.size > sizes.largeBytes, huge: info.size > (sizes.hugeBytes ?? Infinity) };
  // The object's metadata (fluxo-delimiter/-encoding/-decimal: docs/csv.md), then what the caller forces (fluxo summarize's options).
  const fromMetadata = overridesOfMetadata(info.metadata);
  if (!hasOverrides(fromMetadata) && !hasOverrides(forced)) return file;
  const chosen = applyOverrides(applyOverrides(file, fromMetadata, (setting) => `${name}: ${metadataLabel(setting)}`), forced);
  if (chosen.delimiter === file.delimiter && chosen.encoding === file.encoding) return chosen;
  // The header read again with the forced dialect (the sniffed one was split by another delimiter).
  const again = await readSample(objects, chosen, chosen.encoding);
  return { ...chosen, header: (sampleRows(again.sample, chosen.encoding, chosen.delimiter, 1, info.size <= SNIFF_BYTES)[0] ?? []).map((column) => column.trim()) };
}
