// The benchmarks' generated CSV: integers, floats, ISO dates, text, booleans, ~5% missing.
import { createWriteStream, existsSync, statSync } from 'node:fs';

/** Whether `file` already holds at least `mb` MB (a generated file is kept from run to run). */
const bigEnough = (file: string, mb: number): boolean => existsSync(file) && statSync(file).size >= mb * 1024 * 1024;

/** Writes `header` and then `row(id)` for id = 1, 2, ... to `file` until it holds `mb` MB. */
async function writeRows(file: string, mb: number, header: string, row: (id: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${header}\n`);
  let bytes = 0;
  let id = 0;
  while (bytes < mb * 1024 * 1024) {
    let chunk = '';
    for (let i = 0; i < 5000; i++) chunk += `${row(++id)}\n`;
    bytes += Buffer.byteLength(chunk);
    await write(chunk);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Writes `file` with at least `mb` MB of rows (kept when it is already that large). */
export async function generateMixed(file: string, mb: number): Promise<void> {
  if (bigEnough(file, mb)) return;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cities = ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre', 'Recife', 'Salvador', 'Fortaleza'];
  await writeRows(file, mb, 'id,amount,quantity,created,city,description,active,score', (id) => {
    const missing = () => random() < 0.05;
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
    return `${id},${missing() ? '' : (random() * 1000 - 100).toFixed(2)},${missing() ? '' : Math.floor(random() * 50)},${missing() ? '' : day},${cities[Math.floor(random() * cities.length)]},${missing() ? '' : `item ${Math.floor(random() * 5000)} lote ${Math.floor(random() * 90)}`},${random() < 0.5 ? 'True' : 'False'},${missing() ? 'NA' : (random() * 10).toFixed(4)}`;
  });
}

const CATEGORIES: [string, number][] = [['alimentação', 24], ['transporte', 17], ['moradia', 14], ['saúde', 11], ['lazer', 10], ['educação', 8], ['vestuário', 7], ['serviços', 5], ['outros', 4]];
const WORDS = (
  'compra mercado padaria farmácia posto gasolina aluguel conta luz água internet telefone ' +
  'almoço jantar café lanche restaurante uber ônibus metrô táxi estacionamento pedágio cinema teatro ' +
  'livro curso escola mensalidade academia consulta exame remédio dentista roupa sapato camisa presente ' +
  'viagem hotel passagem seguro banco taxa juros cartão parcela assinatura streaming música jogo ' +
  'feira açougue peixaria hortifruti limpeza manutenção conserto reforma móveis eletrônicos celular ' +
  'bar cerveja pizza sorvete doces bolo aniversário festa casamento doação igreja pet ração veterinário ' +
  'salão cabelo manicure barbeiro lavanderia costura papelaria correio cartório imposto multa ' +
  'do da de no na para com semanal mensal extra urgente novo nova grande pequeno família casa trabalho'
).split(' ');

/**
 * The issue's text-heavy shape (issue 29): sequential ids; 2-decimal amounts; small ints;
 * ISO dates; a 9-value category; a free-text description of 2-4 Portuguese words out of
 * 88 000 (skewed, so the most frequent is clear); booleans; 4-decimal scores. About 1% of
 * amounts, dates and descriptions are missing. ~68 bytes a row: 210 MB is ~3.1 M rows.
 */
export async function generateTextHeavy(file: string, mb: number): Promise<void> {
  if (bigEnough(file, mb)) return;
  // mulberry32: an LCG in doubles loses its low bits (seed * 1103515245 passes 2^53) and can fall into a short cycle.
  let seed = 29;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const descriptions = new Set<string>();
  while (descriptions.size < 88_000) {
    const words = 2 + Math.floor(random() * 3);
    descriptions.add(Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
  }
  const pool = [...descriptions];
  const weights = CATEGORIES.reduce((sum, [, weight]) => sum + weight, 0);
  const category = () => {
    let pick = random() * weights;
    for (const [name, weight] of CATEGORIES) if ((pick -= weight) < 0) return name;
    return 'outros';
  };
  const start = Date.UTC(2023, 0, 1);
  await writeRows(file, mb, 'id,amount,quantity,date,category,description,paid,score', (id) => {
    // Amounts log-spread from cents to ~50 000, as spending is.
    const amount = random() < 0.01 ? '' : (Math.exp(random() * 10.8) / 1.0 - 1 + random()).toFixed(2);
    const day = random() < 0.01 ? '' : new Date(start + Math.floor(random() * 1096) * 86_400_000).toISOString().slice(0, 10);
    const description = random() < 0.01 ? '' : pool[Math.floor(pool.length * random() ** 2)];
    return `${id},${amount},${1 + Math.floor(random() * random() * 12)},${day},${category()},${description},${random() < 0.62 ? 'True' : 'False'},${random().toFixed(4)}`;
  });
}
