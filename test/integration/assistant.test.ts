import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import twilio from 'twilio';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.js';
import { AwsTranscriptionJobs } from '../../src/adapters/aws/transcribe-jobs.js';
import type { OfflineModel } from '../../src/adapters/offline-model/server.js';
import type { XlsxLedger } from '../../src/adapters/local/xlsx-ledger.js';
import { chat, signedWebhookEvent, turnResult, twilioParams } from '../../src/local/stack/chat.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { silentLogger } from '../../src/platform/logger.js';

/** What the machine's Apologize state sends (the text lives in the ASL only). */
const APOLOGY = (JSON.parse(readFileSync('statemachines/assistant-turn.asl.json', 'utf8')) as { States: { Apologize: { Parameters: { text: string } } } }).States.Apologize.Parameters.text;

const TOKEN = 'test-auth-token-0123456789abcdef';
const URL_ = 'https://example.execute-api.us-east-1.amazonaws.com/webhook/whatsapp';
const env = { TWILIO_AUTH_TOKEN: TOKEN, WHATSAPP_WEBHOOK_URL: URL_, TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886', OFFLINE_MODEL_RETRIEVES: '2' };
const sid = () => `SM${randomBytes(16).toString('hex')}`;
const sender = () => `whatsapp:+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
const br = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

let stack: LocalStack;
let offline: OfflineModel;

async function webhook(params: Record<string, string>, signature?: string, headers: Record<string, string> = {}): Promise<APIGatewayProxyStructuredResultV2> {
  const event = signedWebhookEvent(params, { authToken: TOKEN, url: URL_ }, signature);
  Object.assign(event.headers, headers);
  return (await stack.functions.invoke('whatsapp_webhook', event)) as APIGatewayProxyStructuredResultV2;
}

async function conversation(from: string): Promise<Record<string, unknown> | undefined> {
  return stack.deps.kv.get('fluxo-conversations', { sender: from });
}

async function ledgerRows(): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((stack.deps.ledger as XlsxLedger).file);
  const rows: unknown[][] = [];
  workbook.getWorksheet('Gastos')?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  stack = await createLocalStack({ waitScale: 0.02, logger: silentLogger(), env });
  await stack.deps.model();
  offline = (await stack.offlineModel()) as OfflineModel;
});
afterAll(() => stack.close());

describe('whatsapp_webhook: Twilio signatures against WHATSAPP_WEBHOOK_URL', () => {
  const base = () => twilioParams({ messageSid: sid(), from: sender(), to: env.TWILIO_WHATSAPP_FROM, accountSid: env.TWILIO_ACCOUNT_SID, text: 'oi' });

  it('answers a signed request at once with empty TwiML and starts one turn named after the MessageSid', async () => {
    const params = base();
    // API Gateway's host differs from the public URL Twilio signed: the configured URL is what counts.
    const answer = await webhook(params, undefined, { host: 'abc123.lambda-url.internal' });
    // At once: the answer comes back while the turn has yet to reply (Twilio gives a webhook ~15 s; the reply goes out later).
    const atAnswer = await stack.engine.store.get('assistant-turn', params.MessageSid ?? '');
    expect(atAnswer.status).toBe('RUNNING');
    expect((await stack.outbox.list(params.From)).length).toBe(0);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['content-type']).toMatch(/^text\/xml/);
    expect(answer.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const turn = await turnResult(stack, params.MessageSid ?? '');
    expect(turn.status).toBe('SUCCEEDED');
    expect(turn.reply).toMatch(/^Olá! Sou seu assistente financeiro/);
  });

  type Attempt = (params: Record<string, string>) => { params: Record<string, string>; signature: string };
  it.each<[string, Attempt]>([
    ['forged (another token)', (params: Record<string, string>) => ({ params, signature: twilio.getExpectedTwilioSignature('not-the-token-at-all', URL_, params) })],
    ['tampered (Body changed after signing)', (params: Record<string, string>) => ({ params: { ...params, Body: 'gastei 9999 reais' }, signature: twilio.getExpectedTwilioSignature(TOKEN, URL_, params) })],
    ['signed for another URL', (params: Record<string, string>) => ({ params, signature: twilio.getExpectedTwilioSignature(TOKEN, 'https://evil.example/webhook/whatsapp', params) })],
    ['unsigned', (params: Record<string, string>) => ({ params, signature: '' })],
  ])('refuses a %s request with 403 and starts nothing', async (_label, make) => {
    const { params, signature } = make(base());
    const event = signedWebhookEvent(params, { authToken: TOKEN, url: URL_ });
    if (signature) event.headers['x-twilio-signature'] = signature;
    else delete event.headers['x-twilio-signature'];
    const answer = (await stack.functions.invoke('whatsapp_webhook', event)) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(403);
    expect(String(answer.body)).not.toContain(TOKEN);
    await expect(stack.engine.store.get('assistant-turn', params.MessageSid ?? '')).rejects.toThrow();
  });
});

describe('AssistantTurn on the offline model and the xlsx ledger', () => {
  it('adds the expense of a text message, answers exactly, and counts its transitions', async () => {
    const from = sender();
    const turn = await chat(stack, { text: 'gastei 32,50 no almoço hoje', from });
    expect(turn.status).toBe('SUCCEEDED');
    expect(turn.reply).toBe(`Anotado: R$ 32,50 em Alimentação (almoço) no dia ${br(today)}.\nSe não era isso, responda "desfaz".`);
    expect(turn.toolCalls).toEqual([{ name: 'add_expense', arguments: { date: today, category: 'Alimentação', description: 'almoço', amount: 32.5 }, result: expect.objectContaining({ ok: true, added: true }) }]);
    const rows = await ledgerRows();
    expect(rows[0]).toEqual(['Data', 'Categoria', 'Descrição', 'Valor', 'Observações', 'Remetente']);
    expect(rows.some((row) => row[1] === 'Alimentação' && row[2] === 'almoço' && row[3] === 32.5 && row[5] === from && row[0] instanceof Date && (row[0] as Date).toISOString().startsWith(today))).toBe(true);
    // Lock, load, media choice, create, 2 x (wait, poll, choice) x 2 responses (the offline model answers on the 2nd retrieve), Map + tool, submit, save, send.
    expect(turn.transitions).toBe(21);
    const saved = await conversation(from);
    expect(saved).toMatchObject({ sender: from, messageCount: 1, responseId: expect.stringMatching(/^resp_/) });
    expect(saved?.lockedBy).toBeUndefined();
    const history = (await stack.engine.store.get('assistant-turn', turn.executionName)).events.map((event) => `${event.type}:${event.stateName ?? ''}`);
    expect(history.filter((entry) => entry === 'StateEntered:WaitForModel')).toHaveLength(4);
  });

  it('changes exactly what the person meant: a targeted delete, two expenses in one message, undo, a question when two rows match, a slang correction', async () => {
    const from = sender();
    const rows = async () => (await stack.deps.ledger.list({ sender: from })).map((row) => `${row.description} ${row.amount}`);
    const yesterday = br(new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10));
    await chat(stack, { text: 'gastei 45 de uber ontem', from });
    await chat(stack, { text: 'paguei 80 de luz hoje', from });
    expect((await chat(stack, { text: 'apaga o do uber', from })).reply).toBe(`Apaguei: R$ 45,00 em Transporte (uber) no dia ${yesterday}.\nSe não era isso, responda "desfaz".`);
    expect(await rows()).toEqual(['luz 80']);
    const two = await chat(stack, { text: 'gastei 20 no café e 35 no almoço', from });
    expect(two.toolCalls.map((call) => call.name)).toEqual(['add_expense', 'add_expense']);
    expect(await rows()).toEqual(['luz 80', 'café 20', 'almoço 35']);
    expect((await chat(stack, { text: 'desfaz', from })).reply).toBe(`Desfeito: tirei R$ 35,00 em Alimentação (almoço) no dia ${br(today)}; tirei R$ 20,00 em Alimentação (café) no dia ${br(today)}.`);
    expect(await rows()).toEqual(['luz 80']);
    await chat(stack, { text: 'mercado 200 ontem', from });
    await chat(stack, { text: 'mercado 50', from });
    // Two rows match with different amounts: the model asks, listing them, and remembers them for the answer (on the response chain).
    const asked = await chat(stack, { text: 'apaga o mercado', from });
    expect(asked.reply).toContain(`1) R$ 50,00 em Alimentação (mercado) no dia ${br(today)}; 2) R$ 200,00 em Alimentação (mercado) no dia ${yesterday}. Qual deles?`);
    expect(await rows()).toEqual(['luz 80', 'mercado 200', 'mercado 50']);
    expect((await chat(stack, { text: 'o de 200', from })).reply).toContain(`Apaguei: R$ 200,00 em Alimentação (mercado) no dia ${yesterday}.`);
    expect((await chat(stack, { text: 'na vdd foi 55', from })).reply).toContain(`Corrigido: R$ 50,00 em Alimentação (mercado) no dia ${br(today)} → R$ 55,00 em Alimentação (mercado) no dia ${br(today)}.`);
    expect(await rows()).toEqual(['luz 80', 'mercado 55']);
    // Only the sender's own rows: another sender's "apaga o último" finds nothing of theirs and removes nothing.
    const other = await chat(stack, { text: 'apaga o ultimo', from: sender() });
    expect(other.reply).toBe('Não encontrei nenhum gasto seu para apagar, então não mudei nada.');
    expect(await rows()).toEqual(['luz 80', 'mercado 55']);
  });

  it('keeps two senders apart: each one\'s totals count only their own rows', async () => {
    const [ana, bia] = [sender(), sender()];
    await chat(stack, { text: 'mercado 100', from: ana });
    await chat(stack, { text: 'mercado 7', from: bia });
    expect((await chat(stack, { text: 'quanto gastei com mercado hoje?', from: ana })).reply).toBe(`Com "mercado" na descrição, você gastou R$ 100,00 em ${br(today)} (1 lançamento).`);
    expect((await chat(stack, { text: 'quanto gastei com mercado hoje?', from: bia })).reply).toBe(`Com "mercado" na descrição, você gastou R$ 7,00 em ${br(today)} (1 lançamento).`);
  });

  it('answers "resumo do mês" with the totals per category in text and a bar chart PNG in the outbox', async () => {
    const from = sender();
    await chat(stack, { text: 'aluguel 1800', from });
    await chat(stack, { text: 'uber 25,50', from });
    const turn = await chat(stack, { text: 'resumo do mês', from });
    expect(turn.status).toBe('SUCCEEDED');
    expect(turn.reply).toMatch(/^Você gastou R\$ 1\.825,50 de 01\/\d{2}\/\d{4} a \d{2}\/\d{2}\/\d{4} \(2 lançamentos\) — Moradia: R\$ 1\.800,00; Transporte: R\$ 25,50\. Segue o gráfico por categoria\.$/);
    expect(turn.media).toHaveLength(1);
    const png = readFileSync(turn.media[0]!.file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16-23.
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(200);
    expect(turn.media[0]!.caption).toMatch(/^Gastos de 01\//);
    expect(turn.media[0]!.url).toMatch(/^\/api\/outbox\/media\/SM[0-9a-f]{32}-SM[0-9a-f]{32}-chart-1\.png$/);
  });

  it('answers a query with the sum read from the ledger', async () => {
    const from = sender();
    await chat(stack, { text: 'paguei 20 reais de uber hoje', from });
    await chat(stack, { text: 'gasolina R$ 100,00 hoje', from });
    const before = (await stack.deps.ledger.list({ sender: from, category: 'Transporte', from: `${today.slice(0, 8)}01`, to: today })).reduce((sum, row) => sum + row.amount, 0);
    const turn = await chat(stack, { text: 'quanto gastei com transporte esse mês?', from });
    expect(turn.toolCalls[0]?.name).toBe('get_expenses_by_category');
    expect(before).toBe(120);
    expect(turn.reply).toMatch(/^Você gastou R\$ 120,00 com Transporte de 01\/\d\d\/\d{4} a \d\d\/\d\d\/\d{4} \(2 lançamentos\)\.$/);
  });

  it('answers a text past WhatsApp\'s 4096 characters with a short TwiML reply and starts no turn; 4096 emoji still start one', async () => {
    const from = sender();
    const params = twilioParams({ messageSid: sid(), from, to: env.TWILIO_WHATSAPP_FROM, accountSid: env.TWILIO_ACCOUNT_SID, text: `gastei 10 no ${'a'.repeat(5 * 1024 * 1024)}` });
    const answer = await webhook(params);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response><Message>Sua mensagem passou de 4096 caracteres/);
    await expect(stack.engine.store.get('assistant-turn', params.MessageSid ?? '')).rejects.toThrow();
    // Through the local chat (what `fluxo chat` and the console use): the same reply, in the outbox, nothing in the ledger.
    const turn = await chat(stack, { text: 'x'.repeat(4097), from });
    expect(turn).toMatchObject({ executionName: '', transitions: 0, toolCalls: [] });
    expect(turn.reply).toMatch(/^Sua mensagem passou de 4096 caracteres/);
    expect((await stack.outbox.list(from)).map((entry) => entry.body)).toEqual([turn.reply]);
    expect(await stack.deps.ledger.list({ sender: from })).toEqual([]);
    const emoji = await chat(stack, { text: '💸'.repeat(4096), from });
    expect(emoji.executionName).not.toBe('');
  });

  it('makes one turn and one reply of a MessageSid Twilio delivers twice', async () => {
    const from = sender();
    const params = twilioParams({ messageSid: sid(), from, to: env.TWILIO_WHATSAPP_FROM, accountSid: env.TWILIO_ACCOUNT_SID, text: 'cinema 40 reais ontem' });
    expect((await webhook(params)).statusCode).toBe(200);
    expect((await webhook(params)).statusCode).toBe(200);
    await turnResult(stack, params.MessageSid ?? '');
    await stack.settle();
    expect(await stack.outbox.list(from)).toHaveLength(1);
    expect((await stack.deps.ledger.list({ sender: from, category: 'Lazer' })).filter((row) => row.description === 'cinema')).toHaveLength(1);
  });

  it('answers two messages of one sender sent a moment apart in order, on one response chain', async () => {
    const from = sender();
    const first = twilioParams({ messageSid: sid(), from, to: env.TWILIO_WHATSAPP_FROM, accountSid: env.TWILIO_ACCOUNT_SID, text: 'farmácia 30 reais hoje' });
    const second = twilioParams({ messageSid: sid(), from, to: env.TWILIO_WHATSAPP_FROM, accountSid: env.TWILIO_ACCOUNT_SID, text: 'quanto gastei com saúde esse mês?' });
    await webhook(first);
    await webhook(second);
    const [one, two] = await Promise.all([turnResult(stack, first.MessageSid ?? ''), turnResult(stack, second.MessageSid ?? '')]);
    expect([one.status, two.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect((await stack.outbox.list(from)).map((entry) => entry.body)).toEqual([one.reply, two.reply]);
    expect(two.reply).toMatch(/R\$ 30,00 com Saúde/);
    // The second turn waited for the lock, then chained to the first turn's last response.
    const secondRecord = await stack.engine.store.get('assistant-turn', second.MessageSid ?? '');
    expect(secondRecord.events.filter((event) => event.type === 'StateRetried' && event.stateName === 'TakeTurnLock').length).toBeGreaterThan(0);
    const firstRecord = await stack.engine.store.get('assistant-turn', first.MessageSid ?? '');
    const firstChain = (firstRecord.output as { model: { id: string } }).model.id;
    const created = secondRecord.events.find((event) => event.type === 'StateEntered' && event.stateName === 'CreateResponse');
    expect((created?.input as { conversation: { item: { responseId: { S: string } } } }).conversation.item.responseId.S).toBe(firstChain);
    expect(await conversation(from)).toMatchObject({ messageCount: 2, responseId: (secondRecord.output as { model: { id: string } }).model.id });
  });

  it('retries OpenAI 429 and 500 with the machine Retry, then answers', async () => {
    offline.failNext(429, 1);
    offline.failNext(500, 1);
    const turn = await chat(stack, { text: 'padaria 12,90 hoje', from: sender() });
    expect(turn.status).toBe('SUCCEEDED');
    expect(turn.reply).toBe(`Anotado: R$ 12,90 em Alimentação (padaria) no dia ${br(today)}.\nSe não era isso, responda "desfaz".`);
    const record = await stack.engine.store.get('assistant-turn', turn.executionName);
    expect(record.events.filter((event) => event.type === 'StateRetried' && event.stateName === 'CreateResponse')).toHaveLength(2);
  });

  it('apologizes, records the failure and releases the lock when a tool fails', async () => {
    const from = sender();
    const ledger = stack.deps.ledger;
    const add = ledger.add.bind(ledger);
    ledger.add = async () => {
      throw new Error('workbook is locked for editing');
    };
    try {
      const turn = await chat(stack, { text: 'mercado 200 reais hoje', from });
      expect(turn.status).toBe('FAILED');
      expect(turn.reply).toBe(APOLOGY);
      const saved = await conversation(from);
      expect(saved?.lockedBy).toBeUndefined();
      expect(saved).toMatchObject({ lastError: expect.any(String), lastErrorTurn: turn.executionName });
    } finally {
      ledger.add = add;
    }
    const next = await chat(stack, { text: 'mercado 200 reais hoje', from });
    expect(next.reply).toBe(`Anotado: R$ 200,00 em Alimentação (mercado) no dia ${br(today)}.\nSe não era isso, responda "desfaz".`);
  });

  it('transcribes a voice note with OpenAI transcription (offline model) and quotes what it heard', async () => {
    const turn = await chat(stack, { from: sender(), audio: { body: readFileSync('fixtures/audio/gasto-uber.ogg'), fileName: 'gasto-uber.ogg' } });
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(turn.heard).toBe('gastei vinte e cinco reais no uber ontem');
    expect(turn.reply).toBe(`🎙️ Ouvi: "gastei vinte e cinco reais no uber ontem"\n\nAnotado: R$ 25,00 em Transporte (uber) no dia ${br(yesterday)}.\nSe não era isso, responda "desfaz".`);
  });
});

describe('AssistantTurn voice note through Amazon Transcribe (moto)', () => {
  it('stores the note in S3, runs a Transcribe job, polls it and reads the transcript', async () => {
    const settings = { region: 'us-east-1', endpoint: process.env.MOTO_ENDPOINT };
    const s3 = new S3ObjectStore(settings);
    const bucket = `media-${randomUUID()}`;
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const motoStack = await createLocalStack({ waitScale: 0.02, logger: silentLogger(), objectStore: s3, transcriptionJobs: new AwsTranscriptionJobs(settings), env: { ...env, TRANSCRIBER: 'transcribe', MEDIA_BUCKET: bucket } });
    try {
      const messageSid = sid();
      // moto runs the job but writes no transcript: put the one Transcribe would write.
      await s3.put(bucket, `transcripts/${messageSid}.json`, JSON.stringify({ jobName: messageSid, status: 'COMPLETED', results: { transcripts: [{ transcript: 'gastei quarenta reais na farmácia hoje' }] } }), 'application/json');
      const turn = await chat(motoStack, { from: sender(), messageSid, audio: { body: readFileSync('fixtures/audio/gasto-uber.ogg'), fileName: 'nota.ogg' } });
      expect(turn.status).toBe('SUCCEEDED');
      expect(turn.reply).toBe(`🎙️ Ouvi: "gastei quarenta reais na farmácia hoje"\n\nAnotado: R$ 40,00 em Saúde (farmácia) no dia ${br(today)}.\nSe não era isso, responda "desfaz".`);
      expect((await s3.head(bucket, `media/${messageSid}.ogg`)).size).toBe(readFileSync('fixtures/audio/gasto-uber.ogg').length);
      const states = (await motoStack.engine.store.get('assistant-turn', messageSid)).events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName);
      expect(states).toEqual(expect.arrayContaining(['FetchVoiceNote', 'StartTranscription', 'WaitForTranscript', 'CheckTranscription', 'TranscriptionStatus', 'ReadTranscript', 'UseTranscript']));
    } finally {
      await motoStack.close();
    }
  });
});
