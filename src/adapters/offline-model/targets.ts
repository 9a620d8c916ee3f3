import { CATEGORIES, type Category } from '../../domain/assistant/categories.js';
import { CATEGORY_NAMES } from '../../domain/assistant/lexicon.js';
import type { Target } from '../../domain/assistant/target.js';
import { amountCandidates, type AmountCandidate } from './amounts.js';
import type { IsoDate } from './calendar.js';
import { dateIn, datesIn, weekdayIn } from './dates.js';
import { expenseDate } from './expenses.js';
import { isNumberWord } from './numbers.js';
import { periodIn } from './periods.js';
import { read, type Reading } from './reading.js';

/** Which expense and what to change, as a message says them. */
export interface Fields {
  date: IsoDate | null;
  category: Category | null;
  description: string | null;
  amount: number | null;
}

/** Words that never name an expense in a delete or a correction. */
const NOT_A_NAME = new Set([
  'o', 'a', 'os', 'as', 'do', 'da', 'dos', 'das', 'de', 'no', 'na', 'nos', 'nas', 'em', 'com', 'para', 'por', 'um', 'uma', 'e', 'eh', 'que', 'se', 'me', 'meu', 'minha', 'isso', 'esse', 'essa', 'este',
  'esta', 'aquele', 'aquela', 'ai', 'la', 'ali', 'ja', 'agora', 'ok', 'pf', 'pfv', 'favor', 'por favor', 'voce', 'pode', 'poderia', 'consegue', 'quero', 'queria', 'preciso', 'gasto', 'gastos', 'lancamento',
  'lancamentos', 'registro', 'despesa', 'compra', 'item', 'valor', 'categoria', 'data', 'dia', 'ultimo', 'ultima', 'anterior', 'foi', 'era', 'deu', 'custou', 'ficou', 'seria', 'sao', 'nao', 'sim', 'na verdade',
  'verdade', 'real', 'reais', 'conto', 'contos', 'pila', 'pilas', 'centavos', 'errei', 'errado', 'errada', 'ops', 'opa', 'oops', 'eita', 'pera', 'perai', 'corrigindo', 'correcao', 'corrige', 'corrigir',
  'corrija', 'altera', 'alterar', 'muda', 'mudar', 'troca', 'trocar', 'edita', 'editar', 'atualiza', 'atualizar', 'coloca', 'colocar', 'poe', 'passa', 'move', 'mover', 'joga', 'apaga', 'apagar', 'apague',
  'deleta', 'deletar', 'delete', 'exclui', 'excluir', 'exclua', 'remove', 'remover', 'remova', 'cancela', 'cancelar', 'cancele', 'tira', 'tirar', 'tire', 'retira', 'retirar', 'elimina', 'eliminar',
  'esquece', 'esqueca', 'ignora', 'desconsidera', 'hoje', 'ontem', 'anteontem', 'semana', 'passada', 'passado', 'mes', 'feira', 'mal', 'desculpa', 'digitei', 'quis', 'dizer', 'certo', 'certa', 'correto', 'correta', 'gastei', 'paguei', 'comprei',
  'tambem', 'mesmo', 'so', 'entao', 'tipo', 'the', 'it', 'was', 'is', 'delete', 'remove', 'last', 'one', 'actually', 'wrong', 'change', 'fix', 'to', 'of', 'tudo', 'todos', 'ao', 'inves', 'vez', 'lugar',
]);
const WEEKDAY = /^(domingo|segunda|terca|quarta|quinta|sexta|sabado|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const CATEGORY_CUE = new Set(['para', 'em', 'como', 'e', 'eh', 'era', 'categoria', 'is', 'to', 'de']);
/** The categories' own names, which name a category even without a cue ("era lazer, nao outros"). */
const FORMAL = new Set(['alimentacao', 'transporte', 'moradia', 'saude', 'educacao', 'lazer', 'vestuario', 'outros']);
const formalCategory = (word: string) => (FORMAL.has(word) ? CATEGORIES.find((category) => CATEGORY_NAMES[category].includes(word)) : undefined);

/** The verb between what a correction names and what it changes. */
const PIVOT = new Set(['foi', 'era', 'deu', 'custou', 'para', 'ficou', 'seria', 'eh']);

/** Words before "de <amount>" that make the amount the row's name ("o de 45", "aquele de 60", "o gasto de 80"). */
const AMOUNT_LEADS = new Set(['o', 'a', 'aquele', 'aquela', 'esse', 'essa', 'este', 'esta', 'gasto', 'lancamento', 'despesa', 'compra', 'registro', 'valor']);

/** "nao foi uber, foi 99 pop", "nao era mercado, era feira": the description of the row, then the new one (as typed). */
function renaming(reading: Reading, raw: string): { from: string; to: string } | undefined {
  const match = /^ nao (?:foi|era|e) ([a-z0-9 ]+?) (?:foi|era|e) ([a-z0-9 ]+) $/.exec(reading.text);
  if (!match) return undefined;
  const [, from, to] = match;
  const asTyped = /(?:foi|era|é|e)\s+([^,;.!?]+?)[\s.!]*$/i.exec(raw)?.[1]?.trim();
  const said = read(to!);
  if (!from || !asTyped || amountCandidates(said).some((candidate) => candidate.score > -3) || said.words.some((word) => FORMAL.has(word)) || dateWords(said, '2000-01-01').size > 0) return undefined;
  return { from, to: asTyped };
}

/** Words after which the rest says why ("apaga o almoço pq foi duplicado"): not part of the target. */
const REASON = new Set(['porque', 'pois', 'que', 'ja', 'since', 'because']);

/** A category named with a cue before it ("pra lazer", "em contas", "era transporte"), at `index`. */
function categoryNamedAt(words: string[], index: number): Category | undefined {
  if (!CATEGORY_CUE.has(words[index - 1] ?? '')) return undefined;
  return CATEGORIES.find((category) => CATEGORY_NAMES[category].includes(words[index]!) && !(words[index] === 'conta' && words[index + 1] === 'de'));
}

/** Word indexes that follow a "nao" ("230 e nao 200", "nao foi hoje"): the old values, which name the row. */
function negatedWords(reading: Reading, raw: string, leadingNo: boolean): Set<number> {
  const negated = new Set<number>();
  const interjection = leadingNo || /^\s*(n[aã]o|no)\s*[,.!]/i.test(raw);
  reading.words.forEach((word, index) => {
    if ((word !== 'nao' && word !== 'not') || (index === 0 && interjection)) return;
    let next = index + 1;
    while (['e', 'era', 'foi', 'eh', 'em', 'de', 'com', 'is', 'was', 'in', 'a', 'o', 'o dia', 'dia', 'r$', 'pra', 'para'].includes(reading.words[next] ?? '')) next += 1;
    if (reading.words[next - 1] === 'dia') negated.add(next - 1);
    negated.add(next);
    // A number in words or a day and month run on: "nao cento e dez", "nao 12 de novembro".
    while (reading.words[next + 1] !== undefined && (isNumberWord(reading.words[next + 1]!) || reading.words[next + 1] === 'reais') && reading.words[next + 1] !== 'e') negated.add((next += 1));
  });
  return negated;
}

const within = (candidate: AmountCandidate, indexes: Set<number>) => indexes.has(candidate.start);

/** The description words left once the verbs, filler, amounts, dates and categories are taken out. */
function nameIn(reading: Reading, used: Set<number>): string | null {
  const kept: string[] = [];
  for (const [index, word] of reading.words.entries()) {
    if (REASON.has(word) && kept.length > 0) break;
    if (used.has(index) || NOT_A_NAME.has(word) || WEEKDAY.test(word) || /^\d/.test(word) || isNumberWord(word) || word === 'r$') continue;
    kept.push(word);
  }
  return kept.length ? kept.slice(0, 4).join(' ') : null;
}

/** Indexes of date words ("ontem", "dia 12", "12/11", "segunda", "semana passada"). */
function dateWords(reading: Reading, today: IsoDate): Set<number> {
  const used = new Set<number>();
  for (const found of datesIn(reading, today)) for (let index = found.start; index <= found.end; index += 1) used.add(index);
  reading.words.forEach((word, index) => {
    if (['hoje', 'ontem', 'anteontem', 'today', 'yesterday'].includes(word) || WEEKDAY.test(word)) used.add(index);
    if ((word === 'semana' || word === 'mes') && /^(passad[oa]|retrasad[oa])$/.test(reading.words[index + 1] ?? '')) used.add(index).add(index + 1);
  });
  return used;
}

/**
 * "The last one" is what a message means only when it names nothing of the row: a day or a
 * period names rows too ("apaga o de ontem"), and with several that day the resolver must ask
 * which, not take the last of them.
 */
const namesNothing = (target: Target) => target.description === null && target.amount === null && target.category === null && target.date === null && target.start_date === null && target.end_date === null;

const noTarget = (): Target => ({ last: null, id: null, description: null, amount: null, date: null, start_date: null, end_date: null, category: null });

/** When the date words of a message name a day ("ontem", "dia 12", "segunda") or a period ("semana passada"). */
function whenIn(reading: Reading, today: IsoDate, skip: Set<number>): Pick<Target, 'date' | 'start_date' | 'end_date'> {
  const kept: Reading = { words: reading.words.filter((_, index) => !skip.has(index)), text: '' };
  kept.text = ` ${kept.words.join(' ')} `;
  if (/ (semana|mes) (passad[oa]|retrasad[oa]) | (essa|esta|nessa|nesta) semana /.test(kept.text) && !weekdayIn(kept)) {
    const period = periodIn(kept, today);
    return { date: null, start_date: period.start, end_date: period.end };
  }
  const date = dateIn(kept, today);
  const said = / (hoje|today) /.test(kept.text) || date !== today;
  return { date: said ? date : null, start_date: null, end_date: null };
}

/** "apaga o aluguel e o condominio": one target per thing named, when each names one. */
export function deletionTargets(reading: Reading, today: IsoDate): Target[] {
  const cut = reading.words.findIndex((word, index) => index > 0 && (word === 'e' || word === 'and') && !isNumberWord(reading.words[index - 1] ?? '') && !reading.words.slice(index + 1, index + 4).includes('centavos'));
  if (cut > 0) {
    const verb = reading.words.slice(0, cut).findIndex((word) => NOT_A_NAME.has(word) && /^(apag|delet|exclu|remov|cancel|tir|retir|elimin|esque|ignor|descons)/.test(word));
    const head = reading.words.slice(0, Math.max(verb + 1, 0));
    const parts = [reading.words.slice(0, cut), [...head, ...reading.words.slice(cut + 1)]].map((words) => deletionTarget({ words, text: ` ${words.join(' ')} ` }, today));
    if (parts.every((target) => target.description !== null || target.amount !== null || target.date !== null)) return parts;
  }
  return [deletionTarget(reading, today)];
}

/** "apaga o do uber", "exclui o gasto de 230", "apaga o mercado de 50", "apaga o de ontem", "apaga o último". */
export function deletionTarget(reading: Reading, today: IsoDate): Target {
  const target = noTarget();
  const dates = dateWords(reading, today);
  const used = new Set(dates);
  const amount = amountCandidates(reading).filter((candidate) => !dates.has(candidate.start)).sort((a, b) => b.score - a.score)[0];
  if (amount && amount.score > -6) {
    target.amount = amount.value;
    for (let index = amount.start; index <= amount.end; index += 1) used.add(index);
  }
  reading.words.forEach((word, index) => {
    const category = CATEGORY_CUE.has(reading.words[index - 1] ?? '') ? (formalCategory(word) ?? (word === 'contas' ? 'Contas' : undefined)) : undefined;
    if (category) {
      target.category = category;
      used.add(index);
    }
  });
  Object.assign(target, whenIn(reading, today, new Set([...used].filter((index) => !dates.has(index)))));
  target.description = nameIn(reading, used);
  if (/ (ultimo|ultima|last) /.test(reading.text) || namesNothing(target)) target.last = true;
  return target;
}

/** "na vdd foi 250" (the last one), "o mercado foi 230, nao 200", "troca o de 45 pra 54", "muda a categoria do aluguel pra contas", "a padaria foi ontem", "nao foi hoje, foi anteontem". */
export function correctionIn(reading: Reading, raw: string, today: IsoDate, leadingNo = false): { target: Target; fields: Fields } | undefined {
  const { words } = reading;
  const target = noTarget();
  const fields: Fields = { date: null, category: null, description: null, amount: null };
  const renamed = renaming(reading, raw);
  if (renamed) return { target: { ...target, description: renamed.from }, fields: { ...fields, description: renamed.to } };
  const negated = negatedWords(reading, raw, leadingNo);
  const dates = dateWords(reading, today);
  const used = new Set<number>([...negated, ...dates]);
  const candidates = amountCandidates(reading).filter((candidate) => !dates.has(candidate.start));
  // "de 45 pra 54": the old amount, then the new one.
  // "aquele de 45 na verdade foi 54", "o de 60 e lazer": the amount after "o de" names the row.
  const named = candidates.find((candidate) => words[candidate.start - 1] === 'de' && AMOUNT_LEADS.has(words[candidate.start - 2] ?? '') && candidate.start <= 5);
  const fromTo = named ?? candidates.find((candidate, index) => words[candidate.start - 1] === 'de' && ['para', 'pra', 'por', 'to'].includes(words[candidate.end + 1] ?? '') && candidates[index + 1]?.start === candidate.end + 2);
  let best: AmountCandidate | undefined;
  for (const candidate of candidates) {
    for (let index = candidate.start; index <= candidate.end; index += 1) used.add(index);
    if (within(candidate, negated) || candidate === fromTo) target.amount ??= candidate.value;
    else if (candidate.score > -6 && (!best || candidate.score > best.score)) best = candidate;
  }
  fields.amount = best?.value ?? null;
  const pivot = words.findIndex((word, index) => index > 0 && PIVOT.has(word));
  const before = (index: number) => pivot > 0 && index < pivot;
  words.forEach((word, index) => {
    const category = categoryNamedAt(words, index) ?? formalCategory(word);
    if (!category) return;
    used.add(index);
    // "o de saude foi 220": a category before the verb, after a "de", names the row; elsewhere it is the new one.
    if (before(index) && /^(de|do|da)$/.test(words[index - 1] ?? '') && !negated.has(index)) target.category = category;
    else if (!negated.has(index)) fields.category ??= category;
  });
  // The new date: date words outside the negated part ("nao foi hoje, foi anteontem" -> anteontem; the old day names the row).
  // "o uber de ontem foi 30": a day before the verb names the row; after it ("a padaria foi ontem"), the new date.
  const newDates = new Set([...dates].filter((index) => !negated.has(index) && !before(index)));
  if (newDates.size > 0) {
    // The day the expense happened, as an add would read it ("foi semana passada": a week back).
    const kept = words.filter((_, index) => newDates.has(index));
    fields.date = expenseDate({ words: kept, text: ` ${kept.join(' ')} ` }, today);
  }
  const oldDates = new Set([...dates].filter((index) => negated.has(index) || before(index)));
  if (oldDates.size > 0) target.date = whenIn(reading, today, new Set(words.map((_, index) => index).filter((index) => !oldDates.has(index)))).date;
  // "o de 80 era presente": the amount names the row; the other words say what it was.
  target.description = named ? null : nameIn(reading, used);
  if (namesNothing(target)) target.last = true;
  if (fields.amount === null && fields.category === null && fields.date === null) {
    // "nao foi 45" without a comma: the "nao" answers the last reply, it negates nothing.
    return words[0] === 'nao' && !leadingNo ? correctionIn(reading, raw, today, true) : undefined;
  }
  return { target, fields };
}
