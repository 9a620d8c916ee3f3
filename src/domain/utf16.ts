export type Utf16 = 'utf-16le' | 'utf-16be';

/**
 * UTF-16 by its first bytes: a byte-order mark (Excel's "Unicode text" and Windows tools
 * write FF FE), or, without one, mostly Latin-1-range text: a NUL in every other byte.
 */
export function utf16Of(head: Uint8Array): Utf16 | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(head.length, 512) / 2);
  if (pairs < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (head[index] === 0 && head[index + 1] !== 0) even += 1;
    if (head[index + 1] === 0 && head[index] !== 0) odd += 1;
  }
  // Mostly: a character past U+00FF (an emoji's surrogates, a curly quote) has no NUL byte.
  if (odd >= pairs * 0.7 && even * 8 < odd) return 'utf-16le';
  if (even >= pairs * 0.7 && odd * 8 < even) return 'utf-16be';
  return undefined;
}
