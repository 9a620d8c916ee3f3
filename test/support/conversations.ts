import { readFileSync } from 'node:fs';
import { JsonKeyValueStore } from '../../src/adapters/local/json-kv.js';
import type { Context } from '../../src/adapters/offline-model/decision.js';
import { decideOnResults, decideOnText } from '../../src/adapters/offline-model/policy.js';
import { fold } from '../../src/domain/assistant/words.js';
import type { Ledger } from '../../src/ports/ledger.js';
import { runTool } from '../../src/workflows/assistant/tools.js';

/** The day the conversations happen: a Wednesday. */
export const CONVERSATION_TODAY = '2026-11-18';

export interface ExpectedRow {
  date: string;
  category: string;
  amount: number;
  word: string;
}

export interface Step {
  /** `t04#3`: conversation id and message number (from 1). */
  id: string;
  message: string;
  facts: string[];
  /** The sender's whole ledger after the message (undefined: as before it). */
  ledger?: ExpectedRow[];
}

export interface Conversation {
  id: string;
  title: string;
  steps: Step[];
}

function row(text: string, where: string): ExpectedRow {
  const match = /^(\d{4}-\d{2}-\d{2}) (\S+) ([\d.]+) (.+)$/.exec(text.trim());
  if (!match) throw new Error(`${where}: a ledger row is "date category amount word", got "${text}"`);
  return { date: match[1]!, category: match[2]!, amount: Number(match[3]), word: match[4]! };
}

/** fixtures/assistant/conversations*.txt, parsed. */
export function loadConversations(name: string): Conversation[] {
  const file = new URL(`../../fixtures/assistant/${name}`, import.meta.url);
  const conversations: Conversation[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const where = `${name}:${index + 1}`;
      const current = conversations.at(-1);
      const step = current?.steps.at(-1);
      if (line.startsWith('## ')) {
        const [id, title] = line.slice(3).split(' | ');
        conversations.push({ id: id!.trim(), title: (title ?? '').trim(), steps: [] });
      } else if (line.startsWith('> ')) {
        if (!current) throw new Error(`${where}: a message before any conversation`);
        current.steps.push({ id: `${current.id}#${current.steps.length + 1}`, message: line.slice(2).replace(/\\n/g, '\n'), facts: [] });
      } else if (line.startsWith('< ')) {
        if (!step) throw new Error(`${where}: facts before any message`);
        step.facts.push(...line.slice(2).split(' ; ').map((fact) => fact.trim()).filter(Boolean));
      } else if (line.startsWith('= ')) {
        if (!step) throw new Error(`${where}: a ledger before any message`);
        const rows = line.slice(2).trim();
        step.ledger = rows === '-' ? [] : rows.split(' ; ').map((text) => row(text, where));
      }
    });
  return conversations;
}

export interface StepResult {
  id: string;
  message: string;
  reply: string;
  ok: boolean;
  why: string[];
}

const key = (value: { date: string; category: string; amount: number }) => `${value.date} ${value.category} ${value.amount}`;

/**
 * Plays a conversation as one fresh sender against the offline model's policy and the real
 * tools, on a ledger (the xlsx workbook, the Graph fake) and a journal: what the model decides, the tools do to the
 * workbook, and the reply it gives. Each message is judged on the facts of its reply and the
 * sender's rows read back from the workbook afterwards.
 */
export async function play(conversation: Conversation, ledger: Ledger, sender: string): Promise<StepResult[]> {
  const journal = { kv: new JsonKeyValueStore(), table: 'conversations' };
  const results: StepResult[] = [];
  let context: Context | undefined;
  let expected: ExpectedRow[] = [];
  let calls = 0;
  for (const [turn, step] of conversation.steps.entries()) {
    const decision = decideOnText(step.message, CONVERSATION_TODAY, context);
    let reply: string;
    if (decision.kind === 'calls') {
      const outputs = [];
      for (const call of decision.calls) {
        calls += 1;
        const { output } = await runTool({ ledger, sender, reference: `call_${conversation.id}_${calls}`, turn: `turn_${turn}`, journal }, call.name, call.arguments);
        outputs.push({ ...call, output });
      }
      const answer = decideOnResults(outputs, decision.carry);
      reply = answer.text;
      context = answer.context;
    } else {
      reply = decision.text;
      context = decision.context;
    }
    if (step.ledger) expected = step.ledger;
    const rows = await ledger.list({ sender });
    const why: string[] = [];
    const folded = fold(reply);
    for (const fact of step.facts) {
      const negative = fact.startsWith('!');
      const wanted = fold(negative ? fact.slice(1) : fact);
      if (folded.includes(wanted) === negative) why.push(negative ? `reply says "${fact.slice(1)}"` : `reply lacks "${fact}"`);
    }
    const got = rows.map(key).sort();
    const want = expected.map(key).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) why.push(`ledger ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    else {
      for (const wantedRow of expected) {
        const match = rows.find((candidate) => key(candidate) === key(wantedRow) && fold(candidate.description).includes(fold(wantedRow.word)));
        if (!match) why.push(`no row ${key(wantedRow)} describing "${wantedRow.word}"`);
      }
    }
    results.push({ id: step.id, message: step.message, reply, ok: why.length === 0, why });
  }
  return results;
}
