import { summarizeStream } from '../../src/domain/csv/stream.js';
import { Summarizer } from '../../src/domain/csv/summary.js';
import { expectedTops, tiedFile } from '../support/csv-ties.js';

async function* bytes(text: string, size = 4096): AsyncGenerator<Buffer> {
  const buffer = Buffer.from(text);
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

const dialect = { delimiter: ',', encoding: 'utf-8' as const, decimal: '.' as const };

describe("top on a tie: the value seen first in the file, as pandas' describe", () => {
  it('in one pass over the file', async () => {
    const summary = (await summarizeStream(bytes(tiedFile()), { dialect, file: 'ties.csv' })).finish();
    expect(summary.columns.slice(0, 2)).toMatchObject(expectedTops);
  });

  it('from byte ranges merged in file order through JSON (the Map paths), wherever the cut falls', async () => {
    const text = tiedFile();
    const header = ['word', 'quoted', 'filler'];
    for (const row of [300, 700, 1000, 1300]) {
      let cut = 0;
      for (let line = 0; line <= row; line++) cut = text.indexOf('\n', cut) + 1;
      const parts = [
        await summarizeStream(bytes(text.slice(0, cut)), { dialect, file: 'ties.csv' }),
        await summarizeStream(bytes(text.slice(cut)), { dialect, file: 'ties.csv', header }),
      ].map((part) => Summarizer.fromJSON(JSON.parse(JSON.stringify(part.toJSON()))));
      const [merged, later] = parts as [Summarizer, Summarizer];
      merged.merge(later);
      expect(merged.finish().columns.slice(0, 2)).toMatchObject(expectedTops);
    }
  });
});
