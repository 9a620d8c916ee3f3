import { CATEGORIES } from '../../domain/assistant/categories.js';
import { CATEGORY_NAMES, LEXICON } from '../../domain/assistant/lexicon.js';
import { fold, Vocabulary, words as wordsOf } from '../../domain/assistant/words.js';
import { MONTHS, MONTHS_EN, WEEKDAYS } from './calendar.js';
import { SCALES, UNITS } from './numbers.js';


const KEYWORDS = [
  'hoje', 'ontem', 'anteontem', 'amanha', 'today', 'yesterday', 'semana', 'semanas', 'passada', 'passado', 'retrasada', 'ultimos', 'ultimas', 'ultimo', 'ultima', 'proximo', 'desde', 'entre', 'dias',
  'meses', 'anos', 'week', 'weeks', 'month', 'months', 'year', 'years', 'days', 'since', 'between', 'quanto', 'quantos', 'quanta', 'resumo', 'extrato', 'gastos', 'gastei', 'gastamos', 'paguei',
  'comprei', 'gastando', 'total', 'mostra', 'mostrar', 'lista', 'listar', 'relatorio', 'balanco', 'grafico', 'summary', 'spending', 'spent', 'overview', 'chart', 'report', 'breakdown',
  'apaga', 'apagar', 'apague', 'deleta', 'deletar', 'delete', 'exclui', 'excluir', 'exclua', 'remove', 'remover', 'remova', 'cancela', 'cancelar', 'desfaz', 'desfazer', 'corrige', 'corrigir',
  'corrija', 'altera', 'alterar', 'mudar', 'muda', 'troca', 'trocar', 'coloca', 'colocar', 'edita', 'editar', 'lancamento', 'registro', 'categoria', 'valor', 'verdade', 'actually', 'change',
  'obrigado', 'obrigada', 'valeu', 'beleza', 'reais', 'real', 'conto', 'contos', 'pila', 'pilas', 'centavos', 'dolares', 'dollars', 'bucks', 'mangos', 'hundred', 'thousand', 'million', 'feira',
  'corrigindo', 'correcao', 'errei', 'desfaca', 'volta', 'voltar', 'faturei', 'faturamento', 'faturou', 'faturar', 'ganhei', 'ganhos', 'recebi', 'receita', 'receitas', 'renda', 'lucro', 'lucrei',
  'maior', 'menor', 'maiores', 'menores', 'media', 'esquece', 'esqueca', 'ignora', 'desconsidera', 'anota', 'registra', 'salario', 'saldo', 'entrou', 'entradas', 'sobrou', 'primeiro', 'primeira', 'segundo', 'terceiro', 'duplicado', 'duplicada', 'repetido', 'porque', 'tira', 'tirar', 'pode', 'voce', 'todos', 'todas',
  'passei', 'fui', 'fomos', 'passamos', 'custou', 'deu', 'foi', 'era', 'certo', 'certa', 'correto', 'correta', 'errado', 'errada', 'gasto', 'despesa', 'despesas', 'estao', 'estou', 'anda', 'andam', 'como', 'meus', 'minhas',
];

const lexiconWords = (): string[] => CATEGORIES.flatMap((category) => [...LEXICON[category], ...CATEGORY_NAMES[category]]).filter((entry) => !entry.endsWith('*') && !entry.includes(' ') && !/\d/.test(entry));

const VOCABULARY = new Vocabulary([...KEYWORDS, ...Object.keys(UNITS), ...Object.keys(SCALES), ...MONTHS, ...MONTHS_EN, ...WEEKDAYS.flatMap(([names]) => names), ...lexiconWords()]);

/** A message as the parsers read it: folded, shorthand expanded, typos corrected, as words and as text. */
export interface Reading {
  words: string[];
  text: string;
}

/** Stems of the lexicon: a word that starts with one is known as it is ("jantamos" is jant*, not a typo of "gastamos"). */
const STEMS = CATEGORIES.flatMap((category) => LEXICON[category].filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1)));
/** A word the vocabulary knows as it is: never a typo of another ("escova" is no "escola"). */
export const isKnownWord = (word: string): boolean => VOCABULARY.has(word);
export const correctWord = (word: string): string => (STEMS.some((stem) => word.startsWith(stem)) ? word : VOCABULARY.correct(word));

export function read(message: string): Reading {
  const folded = fold(message).replace(/(\d)\s*k\b/g, '$1 mil').replace(/\b(segunda|terca|quarta|quinta|sexta)[ -]feira\b/g, '$1');
  const words = wordsOf(folded).flatMap((word) => (/^[a-z]+$/.test(word) ? correctWord(word).split(' ') : [word]));
  return { words, text: ` ${words.join(' ')} ` };
}
