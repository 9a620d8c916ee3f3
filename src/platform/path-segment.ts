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
/**
 * What no name may hold: C0 and C1 control characters, DEL, and the bidirectional
 * formatting characters (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), with
 * which `report\u202Evsc.exe` is listed as `reportexe.csv` (Trojan Source, CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** True when `value` holds a character no name may hold (a control or bidi formatting character). */
export function hasUnsafeCharacter(value: string): boolean {
  return UNSAFE.test(value);
}

/** A name as an answer quotes it: short, on one line, its unsafe characters shown as `?`. */
function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value).replace(new RegExp(UNSAFE.source, 'g'), '?');
}

/** Why one part of a key (a file or folder name) cannot be one, or undefined when it can. */
function partProblem(part: string): string | undefined {
  if (part === '') return 'is empty';
  if (UNSAFE.test(part)) return 'has a control or bidirectional formatting character';
  // Also `.` and `..`; a hidden file is never an upload, and the local stores keep their own files under dot names.
  if (part.startsWith('.')) return 'starts with a dot';
  if (Buffer.byteLength(part) > MAX_SEGMENT_BYTES) return `is over ${MAX_SEGMENT_BYTES} bytes`;
  return undefined;
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

/** An object key whose `/`-separated parts each make a file name: none empty or starting with a dot, no control or bidi character, each at most 255 bytes. */
export function objectKey(value: string): string {
  if (value.length > 1024) throw new ValidationError(`object key ${shown(value)} is longer than 1024 characters`);
  for (const part of value.split('/')) {
    const problem = partProblem(part);
    if (problem) throw new ValidationError(`object key ${shown(value)} is not valid: a part ${problem}`);
  }
  return value;
}

/**
 * A file name given by a client (an upload's name): one key part, with the extension required.
 * The uploads of the console, `fluxo upload` and the inbox folder all pass here.
 */
export function fileNameSegment(value: string, extensions: readonly string[]): string {
  const lower = value.toLowerCase();
  if (value.includes('/') || value.includes('\\') || !extensions.some((extension) => lower.endsWith(extension) && value.length > extension.length)) {
    throw new ValidationError(`name must be a file name ending in ${extensions.join(', ')} (any case)`);
  }
  const problem = partProblem(value);
  if (problem) throw new ValidationError(`name ${shown(value)} ${problem}`);
  return value;
}
