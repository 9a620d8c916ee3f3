import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { requireKeys } from '../../shared/config.js';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';
import { twilioConfig } from '../../shared/settings/twilio.js';
import type { WorkflowStarter } from '../../ports/workflow-starter.js';
import { ASSISTANT_MACHINE } from './turn.js';

/** How long a turn may hold the sender's lock before another turn may take it over (a turn that died). */
export const STALE_LOCK_MS = 10 * 60_000;

export interface TurnSettings {
  authToken: string;
  webhookUrl: string;
  transcriber: 'transcribe' | 'openai';
}

/** The AssistantTurn machine's input (statemachines/assistant-turn.asl.json). */
export interface TurnInput {
  turn: { messageSid: string; from: string; to: string; receivedAt: string; staleBefore: string };
  text: string;
  numMedia: number;
  media: { url: string; contentType: string } | null;
  /** Set by the voice-note path: `{text}` of the transcript. */
  heard: null;
  transcriptPolls: { value: number };
  transcriber: 'transcribe' | 'openai';
}

/**
 * Twilio's webhook: the signature is an HMAC-SHA1 over the configured public
 * URL plus the sorted form parameters, so it is checked against
 * WHATSAPP_WEBHOOK_URL, never against the URL API Gateway saw.
 */
export function verifySignature(settings: Pick<TurnSettings, 'authToken' | 'webhookUrl'>, signature: string | undefined, params: Record<string, string>): void {
  if (!signature) throw new ForbiddenError('missing X-Twilio-Signature');
  if (!webhooks.validateRequest(settings.authToken, signature, settings.webhookUrl, params)) throw new ForbiddenError('X-Twilio-Signature does not match this request');
}

/** Twilio's form parameters -> the machine's input; a request that is not a WhatsApp message is a ValidationError. */
export function turnInputFrom(params: Record<string, string>, settings: Pick<TurnSettings, 'transcriber'>, now: Date = new Date()): TurnInput {
  const messageSid = params.MessageSid ?? params.SmsMessageSid ?? '';
  if (!/^(SM|MM)[0-9a-fA-F]{32}$/.test(messageSid)) throw new ValidationError('MessageSid is missing or not a Twilio message id');
  const from = params.From ?? '';
  if (!/^whatsapp:\+\d{8,15}$/.test(from)) throw new ValidationError('From must be a WhatsApp sender (whatsapp:+<digits>)');
  const numMedia = Number(params.NumMedia ?? '0') || 0;
  const media = numMedia > 0 && params.MediaUrl0 ? { url: params.MediaUrl0, contentType: params.MediaContentType0 ?? 'application/octet-stream' } : null;
  const text = (params.Body ?? '').trim();
  if (!text && !media) throw new ValidationError('the message has neither text nor media');
  return {
    turn: { messageSid, from, to: params.To ?? '', receivedAt: now.toISOString(), staleBefore: new Date(now.getTime() - STALE_LOCK_MS).toISOString() },
    text,
    numMedia: media ? 1 : 0,
    media,
    heard: null,
    transcriptPolls: { value: 0 },
    transcriber: settings.transcriber,
  };
}

/** One turn per MessageSid: Twilio's retries of the same message start nothing new. */
export async function startTurn(workflows: WorkflowStarter, input: TurnInput): Promise<{ executionName: string; alreadyExisted: boolean }> {
  const started = await workflows.start(ASSISTANT_MACHINE, input.turn.messageSid, input);
  return { executionName: input.turn.messageSid, alreadyExisted: started.alreadyExisted };
}

/** What Twilio must get back at once: an empty TwiML document (the reply goes out later through the Messages API). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** TwiML that makes Twilio send `text` back at once (used when no turn is started). */
export const replyTwiml = (text: string): string => `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xmlText(text)}</Message></Response>`;

/** The text of a `replyTwiml` answer, or undefined for an empty one. */
export const twimlReply = (body: string): string | undefined => {
  const found = /<Message>([\s\S]*)<\/Message>/.exec(body)?.[1];
  return found === undefined ? undefined : found.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

/**
 * The longest text a WhatsApp user can send (4096 characters). Anything longer did not come
 * from WhatsApp, and would be carried through every state of a turn (a 5 MB Body made a
 * 195 MB execution file and 1 GB of memory): it gets a short reply and starts nothing.
 */
export const MAX_INBOUND_TEXT = 4096;
export const TOO_LONG_REPLY = `Sua mensagem passou de ${MAX_INBOUND_TEXT} caracteres, o limite do WhatsApp, e não foi lida. Mande em partes menores: um gasto ou uma pergunta por mensagem.`;

/** Characters as WhatsApp counts them (code points, so an emoji is one). */
export const tooLong = (text: string): boolean => text.length > MAX_INBOUND_TEXT && [...text].length > MAX_INBOUND_TEXT;

/**
 * The webhook's use case: a form-encoded Twilio request, its signature checked against
 * the configured public URL, becomes one AssistantTurn named after its MessageSid.
 */
export async function receiveMessage(
  workflows: WorkflowStarter,
  settings: { TWILIO_AUTH_TOKEN?: string; WHATSAPP_WEBHOOK_URL?: string; TRANSCRIBER: TurnSettings['transcriber'] },
  body: unknown,
  signature: string | undefined,
): Promise<{ executionName: string; alreadyExisted: boolean; numMedia: number } | { refused: 'too long'; length: number; reply: string }> {
  const { TWILIO_AUTH_TOKEN: authToken, WHATSAPP_WEBHOOK_URL: webhookUrl } = requireKeys({ TWILIO_AUTH_TOKEN: settings.TWILIO_AUTH_TOKEN, WHATSAPP_WEBHOOK_URL: settings.WHATSAPP_WEBHOOK_URL }, twilioConfig.where('<stage>'));
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError('expected a form-encoded Twilio webhook body');
  const params = body as Record<string, string>;
  verifySignature({ authToken, webhookUrl }, signature, params);
  if (tooLong(params.Body ?? '')) return { refused: 'too long', length: (params.Body ?? '').length, reply: TOO_LONG_REPLY };
  const input = turnInputFrom(params, { transcriber: settings.TRANSCRIBER });
  const started = await startTurn(workflows, input);
  return { ...started, numMedia: input.numMedia };
}
