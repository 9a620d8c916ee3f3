import { ValidationError } from '../shared/errors.js';

/**
 * Names that become file names locally (a machine, an execution, a bucket, an
 * object key) are checked here, once, where they turn into paths: the execution
 * store and the folder object store call these, so the dev server's routes and
 * every CLI command get the same answer (`executions show .. dev` is refused, not
 * resolved to `$FLUXO_HOME/dev.json`).
 */

/** Longest file name most file systems take, in bytes. */
const MAX_SEGMENT_BYTES = 255;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value).replace(CONTROL, '?');
}

/** A machine or execution name: letters, digits, `_`, `-`, `.` and `:`, not starting with a dot, at most 200 characters. */
export function nameSegment(what: string, value: string): string {
  if (!/^[\w-][\w.:-]{0,199}$/.test(value)) throw new ValidationError(`${what} ${shown(value)} is not a valid name (letters, digits, _ - . :, not starting with a dot)`);
  return value;
}

/** A bucket name: up to 63 lowercase letters, digits, dots, hyphens and underscores, starting with a letter or digit, no `..`. */
export function bucketSegment(value: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(value) || value.includes('..')) throw new ValidationError(`bucket ${shown(value)} is not a valid bucket name`);
  return value;
}

/** An object key whose `/`-separated parts each make a file name: none empty, `.` or `..`, no control character, each at most 255 bytes. */
export function objectKey(value: string): string {
  const parts = value.split('/');
  const bad = parts.find((part) => part === '' || part === '.' || part === '..' || CONTROL.test(part) || Buffer.byteLength(part) > MAX_SEGMENT_BYTES);
  if (bad !== undefined || value.length > 1024) throw new ValidationError(`object key ${shown(value)} is not valid (empty, . or .. parts, control characters, or a part over ${MAX_SEGMENT_BYTES} bytes)`);
  return value;
}

/** A file name given by a client (an upload's name): one key part, with the extension required. */
export function fileNameSegment(value: string, extension: string): string {
  if (value.includes('/') || value.includes('\\') || !value.toLowerCase().endsWith(extension) || value.length <= extension.length) throw new ValidationError(`name must be a file name ending in ${extension}`);
  return objectKey(value);
}
