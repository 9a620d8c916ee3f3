import { seeded } from './random.js';

export type LineEnding = '\n' | '\r\n' | '\r';
export const LINE_ENDINGS: LineEnding[] = ['\n', '\r\n', '\r'];

/**
 * A CSV of the kinds the one scanner must agree on: the given line ending between records,
 * quoted fields holding LF, CRLF and lone CR, doubled quotes, a literal quote inside an
 * unquoted field, empty fields and missing values, blank lines, maybe a BOM and maybe no
 * final line end.
 */
export function generatedCsv(seed: number, ending: LineEnding, rows: number): Buffer {
  const random = seeded(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const quotedEnding = (): string => pick(['\n', '\r\n', '\r']);
  const lines = [pick(['id,name,amount,note,when', '"id","name","amount","note","when"', 'id,"na,me",amount,note,when'])];
  for (let i = 0; i < rows; i++) {
    const name = pick(['Ana', 'Zé', '', `"Silva, J${i % 3}"`, '5" tv', `"a${quotedEnding()}b"`, '"say ""hi"""', 'NA', `"${i % 4}"`]);
    const amount = pick([String(i * 1.25), String(-i), '', 'NA', `${i % 7}.5`, `"${i}"`]);
    const note = pick(['', 'x', `"line one${quotedEnding()}line two"`, `"${quotedEnding()}"`, '""', 'ok ok', `"q""${quotedEnding()}"`]);
    const when = pick(['2026-01-0' + ((i % 9) + 1), '', '2025-12-31']);
    lines.push([i, name, amount, note, when].join(','));
    if (random() < 0.05) lines.push('');
  }
  const bom = random() < 0.3 ? '\uFEFF' : '';
  const last = random() < 0.8 ? ending : '';
  return Buffer.from(bom + lines.join(ending) + last);
}

/**
 * 1000 records where a stray quote opens a field on line 12 (record 10) and another closes it
 * on line 992: the file parses, into 20 rows. `{ bytes, rows, line }`.
 */
export function strayQuoteCsv(ending: LineEnding): { bytes: Buffer; rows: number; line: number } {
  const lines = ['id,name,amount'];
  for (let i = 0; i < 1000; i++) lines.push(i === 10 ? `${i},"Silva,${i}` : i === 990 ? `${i},name ${i}",${i}` : `${i},name ${i},${i}`);
  return { bytes: Buffer.from(lines.join(ending) + ending), rows: 20, line: 12 };
}
