import { barChartSvg, type ChartSpec } from '../../domain/assistant/chart.js';
import type { ToolCallLog } from '../../domain/assistant/tool-call-log.js';
import { TOOLS } from './tools.js';
import type { AssistantModel, FunctionCall, ModelResponse } from '../../ports/model.js';
import type { MessageSender } from '../../ports/messaging.js';

/** The assistant's machine (statemachines/assistant-turn.asl.json). */
export const ASSISTANT_MACHINE = 'assistant-turn';
/** WhatsApp's limit for one message body. */
export const MAX_MESSAGE = 1600;

/** Today's date where the users live, as YYYY-MM-DD. */
export function todayInSaoPaulo(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}

export function instructionsFor(now: Date = new Date()): string {
  const today = todayInSaoPaulo(now);
  const weekday = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', weekday: 'long' }).format(now);
  return [
    'Você é um assistente financeiro pessoal no WhatsApp. Responda sempre em português do Brasil, de forma curta e cordial.',
    `Hoje é ${today} (${weekday}), fuso America/Sao_Paulo. Resolva datas relativas ("hoje", "ontem", "dia 3", "segunda passada") contra essa data e passe datas como AAAA-MM-DD.`,
    'Para registrar gastos use add_expense, uma chamada por gasto (uma mensagem com vários gastos, separados por "e", vírgulas ou linhas, são várias chamadas), com a data em que o gasto aconteceu ("semana passada", "sexta passada", "dia 12") e uma das categorias permitidas; para consultas use get_expenses_by_category ou get_expenses_by_period (chart: true quando a pessoa pedir um resumo ou perguntar como estão os gastos: um gráfico vai junto da resposta). Numa resposta sobre um período, diga as datas de início e fim.',
    'Para apagar ou corrigir use delete_expense ou update_expense com target: o que a pessoa disse do gasto (palavras da descrição, valor atual, data ou período, categoria) ou last: true só para "o último" ("apaga o de ontem" é só date); "o mercado foi 230, não 200" é target {description: "mercado", amount: 200} e fields {amount: 230}; em "aquele de 45 na verdade foi 54" ou "muda o de 60 pra lazer" o primeiro valor identifica o gasto (target {amount: 45}) e o que vem depois é o novo valor. Se a ferramenta não encontrar o gasto, diga que nada mudou; se devolver candidatos, pergunte qual, listando-os, e depois use o id escolhido. "desfaz", "desfazer", "volta" -> undo_last_change.',
    'Toda resposta que muda a planilha diz exatamente a linha alterada, como era -> como ficou, e lembra que a pessoa pode responder "desfaz".',
    'A planilha só tem gastos: para receitas, faturamento, salário ou saldo, diga com honestidade que você registra apenas gastos (não invente um valor); numa mensagem que mistura uma entrada e um gasto ("recebi 500 e paguei 80 de frete"), registre só o gasto e diga que a entrada não foi anotada. Uma mensagem com gastos e uma pergunta: registre primeiro, depois consulte.',
    'Valores em reais (R$), com vírgula decimal na resposta. Não invente gastos: use só o que as ferramentas retornarem.',
  ].join('\n');
}

/** What the machine keeps of a model response between states (small: state payloads are capped at 256 KB). */
export interface ResponseState {
  id: string;
  status: ModelResponse['status'];
  text: string;
  calls: FunctionCall[];
  hasCalls: boolean;
  polls: number;
  rounds: number;
  /** Charts the tools asked for in this turn, carried to SendReply. */
  charts: ChartSpec[];
  /** Every tool call of this turn so far, carried to the turn's output (what `fluxo chat` shows). */
  toolCalls: ToolCallLog[];
}

/** What a response state carries from round to round of one turn. */
interface Carried {
  charts?: ChartSpec[];
  toolCalls?: ToolCallLog[];
}

const stateOf = (response: ModelResponse, polls: number, rounds: number, carried: Carried): ResponseState => ({
  id: response.id,
  status: response.status,
  text: response.text,
  calls: response.functionCalls,
  hasCalls: response.functionCalls.length > 0,
  polls,
  rounds,
  charts: carried.charts ?? [],
  toolCalls: carried.toolCalls ?? [],
});

/** Starts a background response: the user's text chained to the conversation, or tool outputs chained to the last response. */
export async function createResponse(
  model: AssistantModel,
  request: { text?: string; previousResponseId?: string; outputs?: { callId: string; output: string }[]; rounds?: number } & Carried,
  now: Date = new Date(),
  onChainLost?: (responseId: string) => void,
): Promise<ResponseState> {
  const input = request.outputs?.length ? request.outputs.map(({ callId, output }) => ({ callId, output })) : (request.text ?? '');
  const create = (previousResponseId?: string) => model.create({ instructions: instructionsFor(now), input, previousResponseId, tools: [...TOOLS] });
  let response: ModelResponse;
  try {
    response = await create(request.previousResponseId);
  } catch (error) {
    // Stored responses expire (OpenAI keeps them 30 days): a user's message then starts a new chain instead of failing forever.
    if (!(request.previousResponseId && typeof input === 'string' && (error as Error).name === 'NotFoundError')) throw error;
    onChainLost?.(request.previousResponseId);
    response = await create(undefined);
  }
  return stateOf(response, 0, (request.rounds ?? -1) + 1, request);
}

export async function pollResponse(model: AssistantModel, current: { id: string; polls: number; rounds: number } & Carried): Promise<ResponseState> {
  return stateOf(await model.retrieve(current.id), current.polls + 1, current.rounds, current);
}

/** Splits a reply into WhatsApp-sized parts, on paragraph, line or word boundaries when it can. */
export function splitMessage(text: string, limit = MAX_MESSAGE): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The reply to a voice note quotes what was heard first, so a mis-hearing is caught at once. */
export function replyText(text: string, heard?: string | null): string {
  const answer = text.trim() || 'Desculpe, não entendi. Pode repetir?';
  return heard ? `🎙️ Ouvi: "${heard.trim()}"\n\n${answer}` : answer;
}

/** Turns a chart's SVG into PNG bytes (resvg, loaded on the first chart). */
export type PngRenderer = (svg: string) => Promise<Uint8Array>;

/**
 * Sends the reply: the text in WhatsApp-sized parts, then each chart as an image with its
 * title as the caption. `turn` (the execution name) names the images, so a retried send
 * writes the same objects.
 */
export async function sendReply(
  messages: MessageSender,
  reply: { to: string; text: string; heard?: string | null; charts?: ChartSpec[]; turn?: string },
  render?: PngRenderer,
): Promise<{ sids: string[]; parts: number; charts: number }> {
  const sids: string[] = [];
  for (const body of splitMessage(replyText(reply.text, reply.heard))) sids.push(await messages.send({ to: reply.to, body }));
  const charts = render ? (reply.charts ?? []) : [];
  for (const [index, chart] of charts.entries()) {
    const bytes = await render!(barChartSvg(chart));
    const name = `${(reply.turn ?? 'turn').replace(/[^\w-]/g, '_')}-chart-${index + 1}.png`;
    sids.push(await messages.send({ to: reply.to, body: chart.title, media: { name, contentType: 'image/png', bytes } }));
  }
  return { sids, parts: sids.length, charts: charts.length };
}
