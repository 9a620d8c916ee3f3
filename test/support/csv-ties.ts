/**
 * pandas' `top` on a tie is the value seen first in the file (value_counts keeps the order of
 * first appearance among equal counts; pandas 3.0.6 answers `b` and `x` for this file). Here
 * `a` and `b` tie at 599, `b` first (line 2) but `a` more frequent in the first half; `say "hi"`
 * (a quoted field with doubled quotes) ties with `x`, which comes first.
 */
export function tiedFile(): string {
  const lines = ['word,quoted,filler'];
  for (let row = 1; row <= 2000; row++) {
    const word = row === 1 ? 'b' : row <= 600 ? 'a' : row > 1000 && row <= 1598 ? 'b' : `f${row}`;
    const quoted = row === 1 || (row > 1200 && row <= 1500) ? 'x' : row > 10 && row <= 311 ? '"say ""hi"""' : `g${row}`;
    lines.push(`${word},${quoted},${row % 3}`);
  }
  return `${lines.join('\n')}\n`;
}

export const expectedTops = [
  { name: 'word', top: 'b', freq: 599 },
  { name: 'quoted', top: 'x', freq: 301 },
];
