import { fold } from '../../domain/assistant/words.js';

/** Numbers written in words, PT-BR and English. */

export const UNITS: Record<string, number> = {
  zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15,
  dezesseis: 16, dezasseis: 16, dezessete: 17, dezoito: 18, dezenove: 19, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400, quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600,
  setecentos: 700, setecentas: 700, oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
export const SCALES: Record<string, number> = { mil: 1000, thousand: 1000, milhao: 1e6, milhoes: 1e6, million: 1e6, millions: 1e6, bilhao: 1e9, bilhoes: 1e9, billion: 1e9 };
export const CONNECTORS = new Set(['e', 'and']);

export const isNumberWord = (word: string): boolean => {
  const folded = fold(word);
  return folded in UNITS || folded in SCALES || folded === 'hundred';
};

/** The value of a run of number words: "tres mil e quatrocentos", "one hundred twenty", "um milhao e duzentos mil". */
export function wordsValue(run: string[]): number {
  let total = 0;
  let current = 0;
  for (const word of run) {
    if (CONNECTORS.has(word) || word === 'a') continue;
    if (word === 'hundred') current = (current || 1) * 100;
    else if (word in SCALES) {
      total += (current || 1) * SCALES[word]!;
      current = 0;
    } else current += UNITS[word] ?? 0;
  }
  return total + current;
}
