import { httpApi } from '../platform/kinds/http-api.js';
import type { Ports } from '../ports/index.js';
import { EMPTY_TWIML, receiveMessage } from '../workflows/assistant/webhook.js';
import { onAws } from './compose.js';
import { sfnWorkflows } from './wiring/workflows.js';

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
        const started = await receiveMessage(deps.workflows, deps.config, request.body, request.headers['x-twilio-signature']);
        logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted, media: started.numMedia }, 'turn started');
        return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
      },
    },
  });

export const main = onAws({ workflows: sfnWorkflows }, build);
