import { bestAmount } from './amounts.js';
import { read, type Reading } from './reading.js';

/** What a message asks for. */

const QUESTION = / quanto | quantos | quanta | resumo | extrato | relatorio | balanco | grafico | how much | summary | overview | chart | report | breakdown | mostra | mostrar | mostre | lista | listar | quais | qual foi | qual o total | total de | total do | total da | total gasto | como (?:estao|estou|esta|vao|anda|andam|ficou|ficaram|to|ta) | how am i | how are my | how did i | what did i spend | show me | list my /;
const WEAK_QUESTION = / gastos | despesas | spending | expenses | gastei\?? $/;

/** Is the message a question about spending (rather than an expense to record)? */
export function isQuery(text: string): boolean {
  return queryIn(read(text), text.includes('?'));
}

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

export function isDeletion(reading: Reading): boolean {
  return / (apaga|apagar|apague|deleta|deletar|delete|exclui|excluir|exclua|remove|remover|remova|cancela|cancelar|cancele|desfaz|desfazer|desfaca|undo|tira|tirar) /.test(reading.text) && !/ (apaga|deleta|exclui|remove) (tudo|todos|all|everything) /.test(reading.text);
}

/** A correction of the last expense: "nao, foi 45", "era lazer, nao outros", "na verdade foi ontem", "corrige pra 45". */
export function isCorrection(reading: Reading): boolean {
  const { text } = reading;
  return (
    /^ (nao|no|nope) (foi|era|e|eh|it was|was) /.test(text) ||
    /^ (nao|no|errado|errei|ops|opa|oops) (?!gastei|paguei|comprei)/.test(text) && / (foi|era|e|eh|it was|was|is|seria) /.test(text) ||
    / na verdade (foi|era|e|eh) | (corrige|corrigir|corrija|altera|alterar|muda|mudar|troca|trocar|edita|editar|coloca|colocar|change|fix|make it|update) | o valor (certo|correto) | valor (certo|correto) | actually (it was|it s|was) | it was actually | categoria (certa|correta|errada|errado) | wrong (category|amount) /.test(text) ||
    /^ era /.test(text) ||
    / (era|foi) \S+ nao \S+ /.test(text)
  );
}
