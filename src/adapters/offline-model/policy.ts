// The offline assistant model's decisions: deterministic, for the local stack and the tests. It speaks the same tools as the real model.
import { amountCandidates, bestAmount } from './amounts.js';
import type { IsoDate } from './calendar.js';
import { categoryIn } from './categories.js';
import { dateIn } from './dates.js';
import { adds, describeExpense, describedIn, expensesIn, incomeNote, isExpenseList, questionAfterExpenses } from './expenses-message.js';
import { uniqueAnswers } from './replies.js';
import { isBulkDeletion, isCorrection, isDeletion, isIncome, isRevenueQuestion, isUndo, queryIn, wantsChart } from './intents.js';
import { formatBrl } from '../../domain/format.js';
import { periodIn } from './periods.js';
import { read, type Reading } from './reading.js';
import { fold } from '../../domain/assistant/words.js';
import type { TargetRow } from '../../domain/assistant/target.js';
import type { Call, Context, Decision } from './decision.js';
import { correctionIn, deletionTargets } from './targets.js';

export { decideOnResults } from './replies.js';
export { describeExpense };

const english = (reading: Reading) => / (spent|spend|paid|how much|hello|hi|hey|thanks|thank you|what|who|help|good morning|good evening) /.test(reading.text);

const GREETING_PT = 'Olá! Sou seu assistente financeiro. Me conte um gasto ("gastei 32,50 no almoço hoje", vários de uma vez também), pergunte "quanto gastei com transporte esse mês?", peça um "resumo do mês", corrija ("o mercado foi 230, não 200", "apaga o do uber") ou diga "desfaz".';
const GREETING_EN = 'Hi! I\'m your finance assistant. Tell me an expense ("spent 32.50 on lunch today"), ask "how much did I spend on transport this month?", or say "undo" to put back your last change.';
const NOT_UNDERSTOOD =
  'Não entendi. Você pode me mandar um gasto ("gastei 32,50 no almoço", "uber 18 ontem"), perguntar ("quanto gastei com transporte esse mês?"), corrigir ("o mercado foi 230, não 200", "o de 45 foi 54", "apaga o do uber") ou dizer "desfaz".';
/** A hello or a request for help: the greeting; anything else not understood gets "não entendi" with examples. */
const GREETING = /^ (oi|ola|ole|opa|eai|e ai|bom dia|boa tarde|boa noite|hey|alo|salve|fala|tudo bem|tudo bom|ajuda|help|menu|inicio|comecar|como funciona|o que voce faz)( [a-z]+){0,3} $/;
const THANKS = / (obrigado|obrigada|valeu|thanks|thank you|brigado|show de bola|perfeito|otimo|beleza) /;
const REVENUE =
  'Eu registro só os seus gastos, então não sei quanto você faturou, recebeu ou tem de saldo. Posso mostrar seus gastos: pergunte, por exemplo, "quanto gastei esse mês?".';
const BULK = 'Eu apago um gasto por vez (ou os últimos: "apaga os 2 últimos"), para nada sumir por engano. Diga qual: "apaga o do uber", "apaga o de 50", "apaga o de ontem".';

const CHOICE_WORDS = new Set(['esse', 'essa', 'este', 'esta', 'isso', 'que', 'foi', 'era', 'dia', 'reais', 'real', 'conto', 'pila', 'ultimo', 'ultima', 'mais', 'recente', 'novo', 'antigo', 'anterior', 'hoje', 'ontem', 'anteontem', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo', 'dos', 'das', 'com', 'valor', 'gasto', 'apaga', 'pode', 'sim', 'para', 'the', 'one']);
const ORDINALS: Record<string, number> = { primeiro: 0, primeira: 0, '1': 0, '1o': 0, segundo: 1, segunda: 1, '2': 1, '2o': 1, terceiro: 2, terceira: 2, '3': 2, quarto: 3, quinto: 4 };

/** The row a short answer picks from the ones the model listed: "o de 50", "o segundo", "o de ontem", "o do mercado". */
function chosen(reading: Reading, candidates: TargetRow[], today: IsoDate): TargetRow | undefined {
  if (reading.words.length > 7 || / (gastei|paguei|comprei|gastamos|quanto) /.test(reading.text)) return undefined;
  // Any other word must be in the chosen row's description ("o do mercado"); "uber 50" is a new expense, not a choice.
  const named = reading.words.filter((word) => /^[a-z]{3,}$/.test(word) && !CHOICE_WORDS.has(word) && !(word in ORDINALS));
  const pick = (rows: TargetRow[]) => {
    const row = rows.length === 1 ? rows[0] : undefined;
    return row && named.every((word) => fold(row.description).includes(word)) ? row : undefined;
  };
  const amounts = amountCandidates(reading).map((candidate) => candidate.value);
  const byAmount = pick(candidates.filter((row) => amounts.some((amount) => Math.abs(amount - row.amount) < 0.005)));
  if (byAmount) return byAmount;
  // "o do cinema", "o da farmacia", "o uber": the one row whose description has the words named.
  if (named.length > 0 && amounts.length === 0) {
    const byWords = pick(candidates.filter((row) => named.every((word) => fold(row.description).includes(word))));
    if (byWords) return byWords;
  }
  const ordinal = reading.words.map((word) => ORDINALS[word]).find((value) => value !== undefined);
  if (ordinal !== undefined && reading.words.length <= 4 && !/ (segunda|terca) feira /.test(reading.text)) return candidates[ordinal];
  if (/ (ultimo|ultima|mais recente|novo) /.test(reading.text)) return candidates[0];
  if (/ (mais antigo|antigo|anterior) /.test(reading.text)) return candidates.at(-1);
  if (/ (hoje|ontem|anteontem|dia|segunda|terca|quarta|quinta|sexta|sabado|domingo) |\d\/\d/.test(reading.text)) return pick(candidates.filter((row) => row.date === dateIn(reading, today)));
  return undefined;
}

/** "e na semana passada?", "e com transporte?": the last question again, for another period or category. */
function followUp(reading: Reading, call: Call, today: IsoDate, questionMark: boolean): Call | undefined {
  if (!/^ e /.test(reading.text) || bestAmount(reading) || reading.words.length > 8) return undefined;
  const period = periodIn(reading, today);
  const category = categoryIn(reading);
  const named = period.label !== 'este mês' || / (mes|month) /.test(reading.text);
  if (!named && !category && !questionMark) return undefined;
  const range = named ? { start_date: period.start, end_date: period.end } : { start_date: call.arguments.start_date, end_date: call.arguments.end_date };
  if (category) return { name: 'get_expenses_by_category', arguments: { category, ...range } };
  if (call.name === 'get_expenses_by_category') return { name: call.name, arguments: { category: call.arguments.category, ...range } };
  return { name: 'get_expenses_by_period', arguments: { ...range, chart: false } };
}

const LAST_COUNTS: Record<string, number> = { dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5 };
const calls = (...list: Call[]): Decision => ({ kind: 'calls', calls: list });

/** "o de 20", "aquele", "o segundo", "esse": a short reply that points at a row, not a new expense ("uber 50"). */
const isAnswer = (reading: Reading) => reading.words.length <= 6 && /^ (o|a|os|as|aquele|aquela|esse|essa|este|esta|do|da|no|na|de|pode ser|e o|e a|the) /.test(reading.text) && !/ (gastei|paguei|comprei) /.test(reading.text);

/** A question about spending, as one tool call; the carry says what the reply looks at (the largest row, rows by description). */
function question(reading: Reading, today: IsoDate): Decision {
  const period = periodIn(reading, today);
  const category = categoryIn(reading);
  const range = { start_date: period.start, end_date: period.end };
  if (/ (maior|mais caro|largest|biggest) /.test(reading.text)) return { kind: 'calls', calls: [{ name: 'get_expenses_by_period', arguments: { ...range, chart: false } }], carry: { largest: true } };
  const described = describedIn(reading);
  if (category && described) return { kind: 'calls', calls: [{ name: 'get_expenses_by_category', arguments: { category, ...range } }], carry: { description: described } };
  if (category) return calls({ name: 'get_expenses_by_category', arguments: { category, ...range } });
  return calls({ name: 'get_expenses_by_period', arguments: { ...range, chart: wantsChart(reading) } });
}

/** What the model does with a user's message; `context` is what it remembers of its last reply. */
export function decideOnText(text: string, today: IsoDate, context?: Context): Decision {
  const reading = read(text);
  if (context?.kind === 'choose') {
    const rows = /^ (os dois|as duas|ambos|ambas|todos|todas|os 2|as 2|os tres|as tres|both|all)( eles| elas)? $/.test(reading.text) ? context.candidates : [chosen(reading, context.candidates, today)].filter((row) => row !== undefined);
    if (rows.length > 0) {
      const target = (id: string) => ({ last: null, id, description: null, amount: null, date: null, start_date: null, end_date: null, category: null });
      return calls(...rows.map((row) => ({ name: context.call.name, arguments: { ...context.call.arguments, target: target(row.id) } })));
    }
    // An answer to "Qual deles?" that fits none or several ("o de 20" when both are R$ 20): ask again, never a new expense.
    if (isAnswer(reading)) return { kind: 'message', text: `Não entendi qual deles. Responda ${uniqueAnswers(context.candidates).join(' ou ')}, ou "os dois". Não mudei nada ainda.`, context };
  }
  if (isUndo(reading)) return calls({ name: 'undo_last_change', arguments: {} });
  if (isRevenueQuestion(reading)) return { kind: 'message', text: REVENUE };
  // "apaga os 2 últimos", "tira as três últimas": that many deletes of the most recent, in order (one "desfaz" puts them all back).
  const lastOnes = isDeletion(reading) ? / (?:os|as) (\d|dois|duas|tres|quatro|cinco) (?:ultimos|ultimas) /.exec(reading.text) : null;
  const count = lastOnes ? (LAST_COUNTS[lastOnes[1]!] ?? Number(lastOnes[1])) : 0;
  if (count >= 1 && count <= 5) {
    const last = { last: true, id: null, description: null, amount: null, date: null, start_date: null, end_date: null, category: null };
    return calls(...Array.from({ length: count }, () => ({ name: 'delete_expense', arguments: { target: last } })));
  }
  if (isBulkDeletion(reading)) return { kind: 'message', text: BULK };
  if (isIncome(reading)) {
    const amount = bestAmount(reading);
    return { kind: 'message', text: `Eu registro só gastos, então não anotei essa entrada${amount ? ` de ${formatBrl(amount.value)}` : ''}. Para um gasto, mande algo como "gastei 30 no almoço".` };
  }
  if (isDeletion(reading)) return calls(...deletionTargets(reading, today).map((target) => ({ name: 'delete_expense', arguments: { target } })));
  if (isCorrection(reading, text)) {
    const correction = correctionIn(reading, text, today);
    if (correction) return calls({ name: 'update_expense', arguments: { target: correction.target, fields: correction.fields } });
  }
  if (context?.kind === 'query') {
    const again = followUp(reading, context.call, today, text.includes('?'));
    if (again) return calls(again);
  }
  // "gastei 40 de uber, quanto ja foi de transporte?": record, then answer (the tools run in order).
  const asked = questionAfterExpenses(text);
  if (asked) {
    const { expenses, income } = expensesIn(asked.expenses, today);
    const answer = question(read(asked.question), today);
    if (expenses.length > 0 && answer.kind === 'calls') return { kind: 'calls', calls: [...adds(expenses), ...answer.calls], carry: { ...answer.carry, ...incomeNote(income) } };
  }
  if (queryIn(reading, text.includes('?')) && !isExpenseList(text, today)) return question(reading, today);
  const { expenses, income } = expensesIn(text, today);
  if (expenses.length > 0) return { kind: 'calls', calls: adds(expenses), ...(income.length ? { carry: incomeNote(income) } : {}) };
  if (THANKS.test(reading.text)) return { kind: 'message', text: english(reading) ? "You're welcome! I'm here whenever you spend." : 'Por nada! É só me mandar o próximo gasto.' };
  if (english(reading)) return { kind: 'message', text: GREETING_EN };
  return { kind: 'message', text: GREETING.test(reading.text) || reading.words.length === 0 ? GREETING_PT : NOT_UNDERSTOOD };
}
