import { ValidationError } from '../../shared/errors.js';
import type { Encoding, SniffResult } from './sniff.js';
import type { Decimal } from './values.js';

/** What a user may force over the sniffed dialect: `fluxo summarize/upload --delimiter/--encoding/--decimal`, or the object's metadata. */
export interface DialectOverrides {
  delimiter?: string;
  encoding?: string;
  decimal?: string;
}

/**
 * The user-defined object metadata that sets the dialect of a file put in the uploads bucket
 * (`aws s3 cp f.csv s3://bucket/incoming/ --metadata fluxo-decimal=,`: S3 stores it as
 * `x-amz-meta-fluxo-decimal`, and HeadObject, which InspectFile already asks, returns it).
 */
export const DIALECT_METADATA = { delimiter: 'fluxo-delimiter', encoding: 'fluxo-encoding', decimal: 'fluxo-decimal' } as const;

const ENCODINGS: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'utf-8-sig': 'utf-8-bom',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  // utf-16 as Python reads it: the byte order of the BOM, else little-endian (applyOverrides).
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** How an error names a setting: `--decimal` on the command line, `metadata fluxo-decimal` on an object. */
export type SettingLabel = (name: keyof DialectOverrides) => string;
export const optionLabel: SettingLabel = (name) => `--${name}`;
export const metadataLabel: SettingLabel = (name) => `metadata ${DIALECT_METADATA[name]}`;

/** Applies the forced settings on top of what was sniffed; a bad value is a ValidationError naming the setting. */
export function applyOverrides<T extends SniffResult>(sniffed: T, overrides: DialectOverrides, label: SettingLabel = optionLabel): T {
  const result = { ...sniffed };
  if (overrides.delimiter !== undefined) {
    const delimiter = overrides.delimiter === '\\t' || overrides.delimiter === 'tab' ? '\t' : overrides.delimiter;
    if (delimiter.length !== 1) throw new ValidationError(`${label('delimiter')} must be one character (or tab), got ${JSON.stringify(overrides.delimiter)}`);
    result.delimiter = delimiter;
  }
  if (overrides.encoding !== undefined) {
    const encoding = ENCODINGS[overrides.encoding.toLowerCase()];
    if (!encoding) throw new ValidationError(`${label('encoding')} must be one of utf-8, utf-8-bom, windows-1252, latin1, utf-16, utf-16le, utf-16be, got ${JSON.stringify(overrides.encoding)}`);
    // `utf-16` (no byte order named) keeps the order a BOM gave.
    result.encoding = encoding === 'utf-16le' && /^utf-?16$/i.test(overrides.encoding) && sniffed.encoding === 'utf-16be' ? 'utf-16be' : encoding;
  }
  if (overrides.decimal !== undefined) {
    if (overrides.decimal !== '.' && overrides.decimal !== ',') throw new ValidationError(`${label('decimal')} must be . or ,, got ${JSON.stringify(overrides.decimal)}`);
    result.decimal = overrides.decimal as Decimal;
  }
  return result;
}

export const hasOverrides = (overrides: DialectOverrides): boolean => overrides.delimiter !== undefined || overrides.encoding !== undefined || overrides.decimal !== undefined;

/** The settings an object's metadata names (keys as S3 returns them: lower case, without `x-amz-meta-`). */
export function overridesOfMetadata(metadata: Record<string, string> | undefined): DialectOverrides {
  const overrides: DialectOverrides = {};
  for (const name of ['delimiter', 'encoding', 'decimal'] as const) {
    const value = metadata?.[DIALECT_METADATA[name]];
    if (value !== undefined && value !== '') overrides[name] = value;
  }
  return overrides;
}

/**
 * The metadata that carries `overrides` with an object (a tab as `tab`: metadata travels in
 * HTTP headers); `check`ed first, so a bad value is refused before anything is put (unchecked,
 * InspectFile refuses it, and the file's failure names the setting).
 */
export function metadataOfOverrides(overrides: DialectOverrides, check = true): Record<string, string> {
  if (check) applyOverrides({ delimiter: ',', encoding: 'utf-8', decimal: '.', header: [] }, overrides);
  const metadata: Record<string, string> = {};
  for (const name of ['delimiter', 'encoding', 'decimal'] as const) {
    const value = overrides[name];
    if (value !== undefined) metadata[DIALECT_METADATA[name]] = value === '\t' ? 'tab' : value;
  }
  return metadata;
}
