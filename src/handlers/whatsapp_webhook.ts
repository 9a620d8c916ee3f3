import { httpApi } from '../platform/kinds/http-api.js';
import { ConfigError, ValidationError } from '../platform/errors.js';
import type { Ports } from '../ports/index.js';
import { startTurn, turnInputFrom, verifySignature } from '../workflows/assistant/webhook.js';
import { onAws } from './compose.js';
import { sfnWorkflows } from './wiring/workflows.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio's WhatsApp webhook: checks the signature, starts one AssistantTurn per
 * MessageSid and answers an empty TwiML at once; the reply goes out later
 * through the Messages API (assistant_send_reply).
 */
export const build = (deps: Ports<'workflows'>) =>
  httpApi(deps, {
    name: 'whatsapp_webhook',
    routes: {
      'POST /webhook/whatsapp': async (request, { logger }) => {
        const { TWILIO_AUTH_TOKEN: authToken, WHATSAPP_WEBHOOK_URL: webhookUrl } = deps.config;
        if (!authToken || !webhookUrl) throw new ConfigError(['TWILIO_AUTH_TOKEN', 'WHATSAPP_WEBHOOK_URL'].filter((key) => !deps.config[key as 'TWILIO_AUTH_TOKEN']));
        if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) throw new ValidationError('expected a form-encoded Twilio webhook body');
        const params = request.body as Record<string, string>;
        verifySignature({ authToken, webhookUrl }, request.headers['x-twilio-signature'], params);
        const input = turnInputFrom(params, { transcriber: deps.config.TRANSCRIBER });
        const started = await startTurn(deps.workflows, input);
        logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted, media: input.numMedia }, 'turn started');
        return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
      },
    },
  });

export const main = onAws({ workflows: sfnWorkflows }, build);
