import * as z from '../../shared/zod.js';
import { chartSpec } from '../../domain/assistant/chart.js';
import { toolCallLog } from '../../domain/assistant/tool-call-log.js';
import type { AssistantModel } from '../../ports/model.js';
import { createResponse, type ResponseState } from './turn.js';

const attribute = z.optional(z.object({ S: z.string() }));

/** What the machine's CreateResponse states pass to `assistant_respond`. */
export const respondInput = z.union([
  // The user's message (text, or what was heard in a voice note), chained to the conversation.
  z.object({
    text: z.string(),
    heard: z.nullable(z.object({ text: z.string() })),
    conversation: z.optional(z.nullable(z.looseObject({ responseId: attribute }))),
    receivedAt: z.optional(z.iso.datetime()),
  }),
  // Tool outputs, chained to the response that asked for them.
  z.object({
    previousResponseId: z.string().check(z.minLength(1)),
    rounds: z.number().check(z.int(), z.gte(0)),
    outputs: z.array(z.object({ callId: z.string().check(z.minLength(1)), output: z.string(), chart: z.optional(z.nullable(chartSpec)) })).check(z.minLength(1)),
    /** Charts of earlier tool rounds of this turn. */
    charts: z._default(z.array(chartSpec).check(z.maxLength(5)), []),
    /** The calls these outputs answer (their name and arguments go into the turn's tool-call log). */
    calls: z._default(z.array(z.object({ callId: z.string(), name: z.string(), arguments: z.string() })), []),
    /** Tool calls of earlier rounds of this turn. */
    toolCalls: z._default(z.array(toolCallLog), []),
    receivedAt: z.optional(z.iso.datetime()),
  }),
]);

/**
 * The CreateResponse state: a background model response for the user's message (what
 * was heard in a voice note wins over the empty text), or for the tool outputs.
 * "hoje" is the day the message arrived, in São Paulo, even when the turn is redriven later.
 */
export async function respond(model: AssistantModel, event: z.infer<typeof respondInput>, onChainLost?: () => void): Promise<ResponseState> {
  const now = event.receivedAt ? new Date(event.receivedAt) : new Date();
  if ('outputs' in event) {
    const charts = [...event.charts, ...event.outputs.flatMap((item) => (item.chart ? [item.chart] : []))].slice(-5);
    const calls = new Map(event.calls.map((call) => [call.callId, call]));
    const toolCalls = [...event.toolCalls, ...event.outputs.map(({ callId, output }) => ({ name: calls.get(callId)?.name ?? '', arguments: calls.get(callId)?.arguments ?? '', output }))];
    return createResponse(model, { outputs: event.outputs, previousResponseId: event.previousResponseId, rounds: event.rounds, charts, toolCalls }, now);
  }
  const text = event.heard?.text.trim() || event.text;
  return createResponse(model, { text, previousResponseId: event.conversation?.responseId?.S }, now, onChainLost);
}
