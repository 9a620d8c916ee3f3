import { httpApi } from '../platform/kinds/http-api.js';
import type { Ports } from '../ports/index.js';
import { EMPTY_TWIML, receiveMessage, replyTwiml } from '../workflows/assistant/webhook.js';
import { onAws } from './compose.js';
import { sfnWorkflows } from './wiring/workflows.js';

/**
 * Twilio's WhatsApp webhook: checks the signature, starts one AssistantTurn per
 * MessageSid and answers an empty TwiML at once; the reply goes out later
 * through the Messages API (assistant_send_reply). A text longer than WhatsApp allows
 * starts no turn: the TwiML answer carries a short reply instead.
 */
export const build = (deps: Ports<'workflows'>) =>
  httpApi(deps, {
    name: 'whatsapp_webhook',
    routes: {
      'POST /webhook/whatsapp': async (request, { logger }) => {
        const started = await receiveMessage(deps.workflows, deps.config, request.body, request.headers['x-twilio-signature']);
        if ('refused' in started) {
          logger.warn({ refused: started.refused, length: started.length }, 'no turn started');
          return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: replyTwiml(started.reply) };
        }
        logger.info({ executionName: started.executionName, alreadyExisted: started.alreadyExisted, media: started.numMedia }, 'turn started');
        return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
      },
    },
  });

export const main = onAws({ workflows: sfnWorkflows }, build, ['twilio-webhook']);
