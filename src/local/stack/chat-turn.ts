import type { ExecutionStatus } from '../../ports/execution-history.js';

// What `fluxo chat` and the console's chat page are answered (src/local/devserver/assistant.ts); web/ imports these types.

interface ToolCallRecord {
  name: string;
  arguments: unknown;
  result: unknown;
}

export interface ChatTurn {
  messageSid: string;
  /** The AssistantTurn execution; empty when no turn was started (a text past WhatsApp's limit gets its reply from the webhook). */
  executionName: string;
  status: ExecutionStatus;
  /** What was heard in a voice note. */
  heard: string | null;
  /** The WhatsApp messages sent back, in order. */
  replies: string[];
  reply: string;
  /** Images sent with the reply (charts): the file in the outbox folder and the console's URL. */
  media: { file: string; url: string; caption: string }[];
  toolCalls: ToolCallRecord[];
  transitions: number;
  error?: string;
}

/** One line of a sender's thread in the console: a message in (a turn's input) or a reply out (the outbox). */
export interface ThreadEntry {
  direction: 'in' | 'out';
  at: string;
  text: string;
  voice?: boolean;
  /** A chart the assistant sent: the console's URL of the image. */
  image?: string;
  /** The turn's execution (messages in). */
  execution?: string;
  status?: ExecutionStatus;
  /** The outbox entry (replies out). */
  id?: string;
}
