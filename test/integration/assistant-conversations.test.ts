import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XlsxLedger } from '../../src/adapters/local/xlsx-ledger.js';
import { loadConversations, play, type StepResult } from '../support/conversations.js';

/**
 * Every message of the conversation sets is pinned: it must be understood (the reply states
 * its facts, the sender's rows in the workbook are exactly the expected ones), except the
 * known misses listed here, which must still miss (so this list stays the truth).
 * A miss early in a conversation can make the later messages miss too: they are listed.
 */
const KNOWN_MISSES: Record<string, string[]> = {
  'conversations.txt': [],
  'conversations-heldout.txt': [],
  'conversations-round2.txt': [],
  'conversations-round3.txt': [],
  'conversations-round4.txt': [],
  'conversations-round5.txt': [],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fluxo-conversations-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each(Object.keys(KNOWN_MISSES))('offline model, multi-turn conversations of %s, on the xlsx ledger', (file) => {
  it('understands every message but the known misses', async () => {
    const conversations = loadConversations(file);
    // One workbook for every conversation, each a different sender: nobody's rows leak into another's.
    const ledger = new XlsxLedger(path.join(dir, `${file}.xlsx`));
    const results: StepResult[] = [];
    for (const [index, conversation] of conversations.entries()) results.push(...(await play(conversation, ledger, `whatsapp:+55119${String(index).padStart(8, '0')}`)));
    const misses = results.filter((result) => !result.ok);
    const report = misses.map((miss) => `${miss.id} ${JSON.stringify(miss.message)}\n    reply: ${miss.reply}\n    ${miss.why.join('\n    ')}`).join('\n');
    const hits = results.length - misses.length;
    const wholeConversations = conversations.filter((conversation) => results.filter((result) => result.id.startsWith(`${conversation.id}#`)).every((result) => result.ok)).length;
    process.stdout.write(`${file}: ${hits}/${results.length} messages, ${wholeConversations}/${conversations.length} whole conversations\n${report}\n`);
    expect(misses.map((miss) => miss.id)).toEqual(KNOWN_MISSES[file]);
  });
});
