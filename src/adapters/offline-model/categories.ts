import { CATEGORIES, type Category } from '../../domain/assistant/categories.js';
import { GENERIC, LEXICON } from '../../domain/assistant/lexicon.js';
import { editDistance, typosAllowed } from '../../domain/assistant/words.js';
import { isKnownWord, type Reading } from './reading.js';


interface Match {
  category: Category;
  at: number;
  weight: number;
}

function matchesEntry(entry: string, words: string[], at: number): number {
  if (entry.includes(' ')) {
    const parts = entry.split(' ');
    return parts.every((part, offset) => words[at + offset] === part) ? parts.length : 0;
  }
  const word = words[at] ?? '';
  if (entry.endsWith('*')) {
    const stem = entry.slice(0, -1);
    if (word.startsWith(stem)) return 1;
    // A typo inside the stem: "supermecado" still starts like "supermerc", "farmcia" like "farmac".
    if (stem.length < 5 || typosAllowed(word.length) === 0 || isKnownWord(word)) return 0;
    for (let length = stem.length - 1; length <= stem.length + 1; length += 1) if (word.length >= length && editDistance(word.slice(0, length), stem, 1) <= 1) return 1;
    return 0;
  }
  return word === entry ? 1 : 0;
}

/**
 * The category a message talks about: phrases first, then specific words, then stems and
 * generic words ("conta", "taxa"); among equals, the first mentioned. `skip`: word indexes
 * that are the amount (a brand made of digits is not read there) or were negated.
 */
export function categoryIn(reading: Reading, skip: Set<number> = new Set()): Category | undefined {
  const matches: Match[] = [];
  for (let at = 0; at < reading.words.length; at += 1) {
    if (skip.has(at)) continue;
    for (const category of CATEGORIES) {
      for (const entry of LEXICON[category]) {
        const length = matchesEntry(entry, reading.words, at);
        if (!length) continue;
        const weight = length > 1 ? 4 : GENERIC.has(entry) ? 1 : entry.endsWith('*') ? 2 : 3;
        matches.push({ category, at, weight });
      }
    }
  }
  if (matches.length === 0) return undefined;
  return matches.reduce((best, match) => (match.weight > best.weight || (match.weight === best.weight && match.at < best.at) ? match : best)).category;
}
