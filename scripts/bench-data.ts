// The benchmarks' generated CSV: integers, floats, ISO dates, text, booleans, ~5% missing.
import { createWriteStream, existsSync, statSync } from 'node:fs';

/** Writes `file` with at least `mb` MB of rows (kept when it is already that large). */
export async function generateMixed(file: string, mb: number): Promise<void> {
  if (existsSync(file) && statSync(file).size >= mb * 1024 * 1024) return;
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('id,amount,quantity,created,city,description,active,score\n');
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cities = ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre', 'Recife', 'Salvador', 'Fortaleza'];
  let bytes = 0;
  let id = 0;
  while (bytes < mb * 1024 * 1024) {
    let chunk = '';
    for (let i = 0; i < 5000; i++) {
      id += 1;
      const missing = () => random() < 0.05;
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
      chunk += `${id},${missing() ? '' : (random() * 1000 - 100).toFixed(2)},${missing() ? '' : Math.floor(random() * 50)},${missing() ? '' : day},${cities[Math.floor(random() * cities.length)]},${missing() ? '' : `item ${Math.floor(random() * 5000)} lote ${Math.floor(random() * 90)}`},${random() < 0.5 ? 'True' : 'False'},${missing() ? 'NA' : (random() * 10).toFixed(4)}\n`;
    }
    bytes += Buffer.byteLength(chunk);
    await write(chunk);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
