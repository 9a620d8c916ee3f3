import type { TargetRow } from '../../domain/assistant/target.js';

/**
 * What the offline assistant model decides and remembers, shared by the policy that reads
 * a message (policy.ts) and the one that answers tool results (replies.ts).
 */
export interface Call {
  name: string;
  arguments: Record<string, unknown>;
}
export type Decision = { kind: 'calls'; calls: Call[]; carry?: Carry } | { kind: 'message'; text: string; context?: Context };

/**
 * What the model keeps from the message for its reply once the tools answered (kept with the
 * stored response, never sent): what it did not record ("recebi 500": income), the question's
 * own angle ("qual foi meu maior gasto?": the largest row; "de uber": rows by description).
 */
export interface Carry {
  note?: string;
  largest?: boolean;
  description?: string;
}

/**
 * What the model remembers of its last reply for the next message (kept with the stored
 * response, as OpenAI keeps a conversation): the rows it asked the person to choose from,
 * or the question it answered ("e na semana passada?" asks it again for another period).
 */
export type Context = { kind: 'choose'; call: Call; candidates: TargetRow[] } | { kind: 'query'; call: Call };

/** A tool call the model asked for, with what the tool answered. */
export interface ToolResult {
  name: string;
  arguments: Record<string, unknown>;
  output: unknown;
}
