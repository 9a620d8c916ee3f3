import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { LOCAL_MEDIA_SCHEME } from '../../adapters/local/media.js';
import { requireKeys } from '../../shared/config.js';
import { FluxoError } from '../../shared/errors.js';
import { ASSISTANT_MACHINE } from '../../workflows/assistant/turn.js';
import { twimlReply } from '../../workflows/assistant/webhook.js';
import { httpApiEvent } from '../../platform/aws-events.js';
import type { LocalStack } from './compose.js';
import type { ExecutionRecord } from '../engine/execution-store.js';
import type { ChatTurn } from './chat-turn.js';

export type { ChatTurn } from './chat-turn.js';

export const DEFAULT_SENDER = 'whatsapp:+5511999990000';
const AUDIO_TYPES: Record<string, string> = { '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.wav': 'audio/wav', '.webm': 'audio/webm', '.amr': 'audio/amr' };

export interface ChatMessage {
  text?: string;
  from?: string;
  audio?: { body: Buffer; fileName: string };
  /** Reuse a MessageSid (to see that a retried webhook makes one turn). */
  messageSid?: string;
}

/** The webhook's answer was not 200: the message was refused (bad signature, bad input). */
export class WebhookRefused extends FluxoError {}

/** Twilio's form parameters for a WhatsApp message, signed as Twilio signs them, as an API Gateway (payload 2.0) event. */
export function signedWebhookEvent(params: Record<string, string>, settings: { authToken: string; url: string }, signature?: string): APIGatewayProxyEventV2 {
  const url = new URL(settings.url);
  return httpApiEvent({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature ?? webhooks.getExpectedTwilioSignature(settings.authToken, settings.url, params),
      host: url.host,
      'user-agent': 'TwilioProxy/1.1',
    },
    body: Buffer.from(new URLSearchParams(params).toString()),
  });
}

/** Twilio's parameters for one inbound WhatsApp message. */
export function twilioParams(message: { messageSid: string; from: string; to: string; accountSid: string; text: string; media?: { url: string; contentType: string } }): Record<string, string> {
  return {
    SmsMessageSid: message.messageSid,
    MessageSid: message.messageSid,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    Body: message.text,
    NumMedia: message.media ? '1' : '0',
    ...(message.media ? { MediaUrl0: message.media.url, MediaContentType0: message.media.contentType } : {}),
    ProfileName: 'fluxo local',
    WaId: message.from.replace(/^whatsapp:\+/, ''),
    SmsStatus: 'received',
    NumSegments: '1',
    ApiVersion: '2010-04-01',
  };
}

/**
 * One whole turn on the local stack, as Twilio would drive it: a signed webhook
 * request -> whatsapp_webhook -> AssistantTurn -> the reply in the outbox.
 */
export async function chat(stack: LocalStack, message: ChatMessage): Promise<ChatTurn> {
  const { TWILIO_ACCOUNT_SID: accountSid = '', TWILIO_WHATSAPP_FROM: to = '' } = stack.deps.config;
  // fluxo dev generates both (.fluxo/dev-secrets.json) unless the environment sets them.
  const { TWILIO_AUTH_TOKEN: authToken, WHATSAPP_WEBHOOK_URL: url } = requireKeys({ TWILIO_AUTH_TOKEN: stack.deps.config.TWILIO_AUTH_TOKEN, WHATSAPP_WEBHOOK_URL: stack.deps.config.WHATSAPP_WEBHOOK_URL }, 'the environment or .env');
  const messageSid = message.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
  const from = message.from ?? DEFAULT_SENDER;
  let media: { url: string; contentType: string } | undefined;
  if (message.audio) {
    const extension = path.extname(message.audio.fileName).toLowerCase();
    const contentType = AUDIO_TYPES[extension] ?? 'application/octet-stream';
    const key = `inbound/${messageSid}${extension}`;
    await stack.deps.objects.put(stack.deps.config.MEDIA_BUCKET, key, message.audio.body, contentType);
    media = { url: `${LOCAL_MEDIA_SCHEME}${stack.deps.config.MEDIA_BUCKET}/${key}`, contentType };
  }
  const params = twilioParams({ messageSid, from, to, accountSid, text: message.text ?? '', media });
  const answer = (await stack.functions.invoke('whatsapp_webhook', signedWebhookEvent(params, { authToken, url }))) as APIGatewayProxyStructuredResultV2;
  if (answer.statusCode !== 200) {
    const body = JSON.parse(String(answer.body || '{}')) as { message?: string };
    throw new WebhookRefused(`the webhook answered ${answer.statusCode}: ${body.message ?? ''}`.trim());
  }
  // No turn was started (a text past WhatsApp's limit): Twilio would send the TwiML's message; the outbox gets it here.
  const direct = twimlReply(String(answer.body ?? ''));
  if (direct !== undefined) {
    await stack.outbox.send({ to: from, body: direct });
    return { messageSid, executionName: '', status: 'SUCCEEDED', heard: null, replies: [direct], reply: direct, media: [], toolCalls: [], transitions: 0 };
  }
  return turnResult(stack, messageSid);
}

/**
 * What a turn ended with: a successful turn's output, or for a failed one the input of the Fail state
 * that ended it (a failed execution has no output). Either holds reply (the sids sent), heard and
 * model.toolCalls (statemachines/assistant-turn.asl.json says so at SendReply and TurnFailed).
 */
function endOf(record: ExecutionRecord): TurnEnd {
  if (record.status === 'SUCCEEDED') return (record.output ?? {}) as TurnEnd;
  return ([...record.events].reverse().find((event) => event.type === 'StateEntered' && event.stateType === 'Fail')?.input ?? {}) as TurnEnd;
}

interface TurnEnd {
  reply?: { sids?: string[] };
  heard?: { text?: string } | null;
  model?: { toolCalls?: { name: string; arguments: string; output: string }[] };
}

/** Waits for a turn and gathers its reply, heard text and tool calls from what it ended with, and the messages from the outbox. */
export async function turnResult(stack: LocalStack, messageSid: string): Promise<ChatTurn> {
  const record = await stack.engine.wait(ASSISTANT_MACHINE, messageSid);
  const end = endOf(record);
  const toolCalls = (end.model?.toolCalls ?? []).map((call) => ({ name: call.name, arguments: safeJson(call.arguments), result: safeJson(call.output) }));
  const sent = await stack.outbox.list();
  const entries = (end.reply?.sids ?? []).map((sid) => sent.find((entry) => entry.id === sid));
  const replies = entries.filter((entry) => !entry?.media).map((entry) => entry?.body ?? '');
  const media = entries.flatMap((entry) => (entry?.media ? [{ file: entry.media.file, url: entry.media.url, caption: entry.body }] : []));
  return {
    messageSid,
    executionName: record.name,
    status: record.status,
    heard: end.heard?.text ?? null,
    replies,
    reply: replies.join('\n'),
    media,
    toolCalls,
    transitions: record.events.filter((event) => event.type === 'StateEntered').length,
    ...(record.error ? { error: record.error } : {}),
  };
}

function safeJson(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
