import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { OpenAiTranscriber } from '../../src/adapters/openai/transcriber.js';
import { startOfflineModel, type OfflineModel } from '../../src/adapters/offline-model/server.js';
import { ResponsesModel } from '../../src/adapters/openai/responses-model.js';
import { TransientError } from '../../src/shared/errors.js';

let offline: OfflineModel;
let model: ResponsesModel;
beforeAll(async () => {
  offline = await startOfflineModel({ retrievesToComplete: 2 });
  model = new ResponsesModel({ apiKey: offline.apiKey, baseURL: offline.url, model: 'gpt-4.1-mini' });
});
afterAll(() => offline.close());

const instructions = 'Você é um assistente financeiro. Hoje é 2026-11-20 (America/Sao_Paulo).';

describe('offline model over the OpenAI SDK (Responses API)', () => {
  it('answers only its owner: no key -> 401, a foreign Host -> 421, a body or text past its caps -> 413/400', async () => {
    const body = JSON.stringify({ model: 'x', input: 'gastei 10 no cinema', store: true });
    const post = (headers: Record<string, string>, payload = body) => fetch(`${offline.url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    const owner = { authorization: `Bearer ${offline.apiKey}` };
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer offline' })).status).toBe(401);
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(401);
    expect((await fetch(`${offline.url}/responses/resp_x`)).status).toBe(401);
    const { port } = new URL(offline.url);
    const foreign = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/v1/responses', method: 'POST', headers: { ...owner, host: 'attacker.example', 'content-type': 'application/json' } }, (response) => resolve(response.statusCode ?? 0));
      request.on('error', reject);
      request.end(body);
    });
    expect(foreign).toBe(421);
    expect((await post(owner, JSON.stringify({ model: 'x', input: 'a'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    expect((await post(owner, JSON.stringify({ model: 'x', input: 'gastei 10 no cinema '.repeat(1000) }))).status).toBe(400);
    expect((await post(owner)).status).toBe(200);
  });

  it('runs in the background, asks for a tool, and answers from its output chained by previous_response_id', async () => {
    const created = await model.create({ instructions, input: 'gastei 32,50 no almoço hoje', tools: [] });
    expect(created.status).toBe('queued');
    expect((await model.retrieve(created.id)).status).toBe('in_progress');
    const done = await model.retrieve(created.id);
    expect(done.status).toBe('completed');
    expect(done.functionCalls).toEqual([{ callId: expect.stringMatching(/^call_/), name: 'add_expense', arguments: JSON.stringify({ date: '2026-11-20', category: 'Alimentação', description: 'almoço', amount: 32.5 }) }]);
    const followUp = await model.create({ instructions, input: [{ callId: done.functionCalls[0]?.callId ?? '', output: JSON.stringify({ ok: true }) }], previousResponseId: created.id, tools: [] });
    await model.retrieve(followUp.id);
    const answer = await model.retrieve(followUp.id);
    expect(answer).toMatchObject({ status: 'completed', functionCalls: [], text: 'Anotado: R$ 32,50 em Alimentação (almoço) no dia 20/11/2026.\nSe não era isso, responda "desfaz".' });
  });

  it('reports 429 and 500 as TransientError for the machine to retry', async () => {
    offline.failNext(429, 1);
    await expect(model.create({ instructions, input: 'oi', tools: [] })).rejects.toBeInstanceOf(TransientError);
    offline.failNext(500, 1);
    await expect(model.retrieve('resp_x')).rejects.toBeInstanceOf(TransientError);
  });
});

describe('offline transcription (POST /v1/audio/transcriptions)', () => {
  it('hears the TRANSCRIPT comment of an Ogg Opus voice note through the OpenAI SDK', async () => {
    const transcriber = new OpenAiTranscriber({ apiKey: offline.apiKey, baseURL: offline.url, model: 'gpt-4o-mini-transcribe' });
    const text = await transcriber.transcribe({ audio: readFileSync('fixtures/audio/gasto-uber.ogg'), mediaType: 'audio/ogg', language: 'pt-BR' });
    expect(text).toBe('gastei vinte e cinco reais no uber ontem');
  });
});
