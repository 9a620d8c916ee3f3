import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chat } from '../../src/local/stack/chat.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { silentLogger } from '../../src/platform/logger.js';

interface Definition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
}

const original = JSON.parse(readFileSync('statemachines/assistant-turn.asl.json', 'utf8')) as Definition;
const APOLOGY = (original.States.Apologize?.Parameters as { text: string }).text;

/** The same machine with every state (nested ones too) renamed S1, S2...: nothing may depend on a state's name. */
function renamed(definition: Definition, names = new Map<string, string>()): Definition {
  for (const name of Object.keys(definition.States)) names.set(name, `S${names.size + 1}`);
  const to = (name: unknown) => names.get(String(name)) ?? String(name);
  const States: Definition['States'] = {};
  for (const [name, state] of Object.entries(definition.States)) {
    const copy: Record<string, unknown> = { ...state };
    if (copy.Next) copy.Next = to(copy.Next);
    if (copy.Default) copy.Default = to(copy.Default);
    if (Array.isArray(copy.Choices)) copy.Choices = copy.Choices.map((choice: Record<string, unknown>) => ({ ...choice, Next: to(choice.Next) }));
    if (Array.isArray(copy.Catch)) copy.Catch = copy.Catch.map((catcher: Record<string, unknown>) => ({ ...catcher, Next: to(catcher.Next) }));
    if (copy.ItemProcessor) copy.ItemProcessor = { ...(copy.ItemProcessor as object), ...renamed(copy.ItemProcessor as Definition, names) };
    States[to(name)] = copy;
  }
  return { ...definition, StartAt: to(definition.StartAt), States };
}

const env = { TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789abcdef', WHATSAPP_WEBHOOK_URL: 'https://example.execute-api.us-east-1.amazonaws.com/webhook/whatsapp', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886', OFFLINE_MODEL_RETRIEVES: '2' };
const sender = () => `whatsapp:+55118${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
const br = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

let stack: LocalStack;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-renamed-'));
  for (const file of readdirSync('statemachines').filter((name) => name.endsWith('.asl.json'))) writeFileSync(path.join(dir, file), readFileSync(path.join('statemachines', file)));
  writeFileSync(path.join(dir, 'assistant-turn.asl.json'), JSON.stringify(renamed(original)));
  stack = await createLocalStack({ waitScale: 0.02, logger: silentLogger(), env, machinesDir: dir });
  await stack.deps.model();
});
afterAll(() => stack.close());

describe("fluxo chat reads a turn's result from what the machine ended with, not from its states' names", () => {
  it('gives the exact reply and the tool calls of a turn whose states all have other names', async () => {
    const turn = await chat(stack, { text: 'gastei 32,50 no almoço hoje', from: sender() });
    expect(turn).toMatchObject({ status: 'SUCCEEDED', heard: null, reply: `Anotado: R$ 32,50 em Alimentação (almoço) no dia ${br(today)}.\nSe não era isso, responda "desfaz".` });
    expect(turn.toolCalls).toEqual([{ name: 'add_expense', arguments: { date: today, category: 'Alimentação', description: 'almoço', amount: 32.5 }, result: expect.objectContaining({ ok: true, added: true }) }]);
    const states = new Set((await stack.engine.store.get('assistant-turn', turn.executionName)).events.map((event) => event.stateName).filter(Boolean));
    expect([...states].every((name) => /^S\d+$/.test(name ?? ''))).toBe(true);
  });

  it('gives what was heard in a voice note', async () => {
    const turn = await chat(stack, { from: sender(), audio: { body: readFileSync('fixtures/audio/gasto-uber.ogg'), fileName: 'gasto-uber.ogg' } });
    expect(turn).toMatchObject({ status: 'SUCCEEDED', heard: 'gastei vinte e cinco reais no uber ontem' });
    expect(turn.reply).toMatch(/^🎙️ Ouvi: "gastei vinte e cinco reais no uber ontem"\n\nAnotado: R\$ 25,00 em Transporte \(uber\)/);
    expect(turn.toolCalls.map((call) => call.name)).toEqual(['add_expense']);
  });

  it('gives the apology of a turn that failed', async () => {
    const ledger = stack.deps.ledger;
    const add = ledger.add.bind(ledger);
    ledger.add = async () => {
      throw new Error('workbook is locked for editing');
    };
    try {
      const turn = await chat(stack, { text: 'mercado 200 reais hoje', from: sender() });
      expect(turn).toMatchObject({ status: 'FAILED', error: 'AssistantTurnFailed', reply: APOLOGY, replies: [APOLOGY], toolCalls: [] });
    } finally {
      ledger.add = add;
    }
  });
});
