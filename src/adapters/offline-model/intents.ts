import { bestAmount } from './amounts.js';
import type { Reading } from './reading.js';

/** What a message asks for. */

const QUESTION = / quanto | quantos | quanta | resumo | extrato | relatorio | balanco | grafico | how much | summary | overview | chart | report | breakdown | mostra | mostrar | mostre | lista | listar | quais | qual foi | qual o total | total de | total do | total da | total gasto | como (?:estao|estou|esta|vao|anda|andam|ficou|ficaram|to|ta) | how am i | how are my | how did i | what did i spend | show me | list my /;
const WEAK_QUESTION = / gastos | despesas | spending | expenses | gastei\?? $/;

/** Is the message a question about spending (rather than an expense to record)? */
export function queryIn(reading: Reading, questionMark: boolean): boolean {
  if (QUESTION.test(reading.text)) return true;
  if (!WEAK_QUESTION.test(reading.text)) return false;
  // "gastos do mes?" asks; "gastos com mercado 50" records.
  const amount = bestAmount(reading);
  return amount === undefined || amount.score < 0 || questionMark;
}

/** Does the question ask for an overview (answered with a chart)? */
export function wantsChart(reading: Reading): boolean {
  return / resumo | grafico | overview | chart | summary | relatorio | balanco | panorama | breakdown | como (?:estao|estou|esta|vao|anda|andam|ficou|ficaram|to|ta) | how am i | how are my | how did i do /.test(reading.text);
}

const DELETE_VERB = / (esquece|esqueca|ignora|desconsidera|apaga|apagar|apague|apagua|deleta|deletar|delete|deleta|exclui|excluir|exclua|remove|remover|remova|cancela|cancelar|cancele|tira|tirar|tire|retira|retirar|elimina|eliminar|some com) /;

export function isDeletion(reading: Reading): boolean {
  return DELETE_VERB.test(reading.text) && !isUndo(reading);
}

/** "apaga tudo", "exclui todos os gastos": more than one row at once, which the tools do not do. */
export function isBulkDeletion(reading: Reading): boolean {
  return isDeletion(reading) && (/ (tudo|todos|todas|all|everything) /.test(reading.text) || / (os|as) (\d+|dois|duas|tres|quatro|cinco) (ultimos|ultimas|primeiros|primeiras) /.test(reading.text));
}

/** "desfaz", "desfazer", "volta", "undo", "cancela isso": put back the last change. */
export function isUndo(reading: Reading): boolean {
  const { text, words } = reading;
  if (/ (desfaz|desfazer|desfaca|desfazendo|undo|reverte|reverter) /.test(text)) return true;
  return words.length <= 5 && /^ (volta|voltar|volte|cancela|cancelar) ?(isso|atras|como (era|estava)|o que (eu |voce )?fiz|o que voce fez|o que fez|a ultima|por favor|pf|pfv)? ?(por favor|pf|pfv)? $/.test(text);
}

/** A question about money coming in or left over, which a ledger of expenses cannot answer. */
export function isRevenueQuestion(reading: Reading): boolean {
  const { text } = reading;
  if (/ (gastei|paguei|comprei|gastamos|gasto|gastos) /.test(text)) return false;
  return / (faturei|faturamento|faturou|faturar|faturamos|ganhei|ganhos|ganhamos|recebi|recebemos|receita|receitas|renda|lucro|lucrei|salario|saldo|entrou|entradas|sobrou|sobra|income|earned|revenue|balance) /.test(text) && / (quanto|quantos|qual|quais|meu|minha|tenho|how|what|my) /.test(` ${text} `);
}

const EXPENSE_VERB = / (gastei|paguei|comprei|gastamos|pagamos|compramos|gasto|gastos) /;

/** Money that came in ("recebi 500 de um cliente", "vendi 200", "caiu o salario"): not an expense. */
export function isIncome(reading: Reading): boolean {
  return !EXPENSE_VERB.test(reading.text) && / (recebi|recebemos|ganhei|ganhamos|vendi|vendemos|faturei|faturamos|lucrei|entrou|entraram|caiu|cairam|me pagaram|me pagou|received|earned|sold) /.test(reading.text);
}

/** "o de 45", "aquele de 60", "o gasto de 80" followed by what it was or should be. */
export const BY_AMOUNT = /^ (o|a|aquele|aquela|esse|essa|este|esta)( (gasto|lancamento|despesa|compra|registro|valor))? de (r\$ )?\d[\d.,]*( reais| conto| pila)? (foi|era|e|eh|na verdade|na real|na vdd|deu|custou|ficou|seria|vale|virou|para|pra|por) /;

/** A day named after what an expense was ("do dia 2", "de ontem", "da segunda", "do 12/11"). */
const DAY_NAMED = '(do|de|da|no|na) (dia \\d{1,2}(/\\d{1,2})?|\\d{1,2}/\\d{1,2}|hoje|ontem|anteontem|segunda|terca|quarta|quinta|sexta|sabado|domingo)';

/** A correction of an expense: "nao, foi 45", "na vdd foi 250", "errei, era 25", "corrigindo: 80", "o mercado foi 230, nao 200", "muda a categoria do X pra Y", "a padaria foi ontem". */
export function isCorrection(reading: Reading, raw: string): boolean {
  const { text, words } = reading;
  if (/ (gastei|paguei|comprei|gastamos|pagamos|compramos) /.test(text) && !/ (nao|na verdade|errei|corrigindo|correcao) /.test(text)) return false;
  if (/^ (nao|no|nope|errei|errado|errada|ops|opa|oops|opps|eita|pera|perai|corrigindo|correcao|correcão|corrige|corrigir|corrija|era|na verdade|na real|foi mal|desculpa|digitei errado|quis dizer|actually|sorry) /.test(text)) return true;
  if (/ na verdade | na real | (corrige|corrigir|corrija|altera|alterar|muda|mudar|troca|trocar|edita|editar|atualiza|atualizar|change|fix|update|make it) | o valor (certo|correto) | valor (certo|correto) | actually (it was|it s|was) | it was actually | categoria (certa|correta|errada|errado) | wrong (category|amount) /.test(text)) return true;
  // "o de 45 foi 54", "aquele de 60 e lazer", "o gasto de 80 era presente": the row named by its amount, then what it was.
  if (BY_AMOUNT.test(text) && words.length <= 12) return true;
  // "nao foi uber, foi 99 pop": another description for the last one.
  if (/^ nao (foi|era|e) [a-z0-9 ]+ (foi|era|e) [a-z0-9]/.test(text) && !/ (gastei|paguei|comprei) /.test(text)) return true;
  // "o X foi 230 (e) nao 200", "X era lazer nao outros"
  if (/ (foi|era|e|eh|deu|custou) .* nao /.test(text) && !/^ nao (gastei|paguei|comprei) /.test(text)) return true;
  // "coloca em lazer", "passa pra transporte", "poe como contas": a category and no amount
  if (/^ (coloca|colocar|poe|passa|move|mover|joga) /.test(text) && !/\d/.test(raw)) return true;
  // "categoria do ifood e alimentacao", "cinema foi sabado": what it was, no new amount
  if (/ categoria /.test(text) && !/\d/.test(raw)) return true;
  if (/^ [a-z]+( [a-z]+)? (foi|era) (hoje|ontem|anteontem|segunda|terca|quarta|quinta|sexta|sabado|domingo|dia) /.test(text) && !/\d/.test(raw.replace(/dia\s*\d+|\d+\/\d+/g, ''))) return true;
  // "a padaria foi ontem", "o uber foi 25", "o cinema era lazer": an article, what, and what it was
  // "o almoco do dia 2 foi 35", "o jantar de ontem foi 95": the day between names which one.
  return new RegExp(`^ (o|a|os|as) [a-z]+( [a-z]+)?( ${DAY_NAMED})? (foi|era|e|eh|deu|custou) `).test(text) && words.length <= 10;
}
