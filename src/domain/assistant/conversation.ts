/**
 * The conversations table (`ConversationsTable` in serverless.yml; a JSON file per
 * table locally): one item per WhatsApp sender. The AssistantTurn machine is its only
 * writer, through DynamoDB service integrations (statemachines/assistant-turn.asl.json:
 * TakeTurnLock, SaveConversation, ReleaseTurnLock); this type is what those expressions
 * write and what `assistant_respond` reads back. test/unit/assistant-conversation.test.ts
 * checks that every attribute the machine names is declared here, with its type.
 */
export interface ConversationItem {
  /** Partition key: `whatsapp:+<digits>`. */
  sender: string;
  /** The turn (execution name) holding the sender's lock: one turn at a time, so the response chain never forks. */
  lockedBy?: string;
  /** When the lock was taken (the execution's start, ISO 8601). A lock older than the turn's `staleBefore` belonged to a turn that died, and is taken over. */
  lockedAt?: string;
  /** The last model response of the conversation: the next turn chains to it (`previous_response_id`). */
  responseId?: string;
  /** When the last answered message arrived (ISO 8601). */
  lastInteraction?: string;
  /** The first answered message (ISO 8601). */
  createdAt?: string;
  /** Messages answered in this conversation. */
  messageCount?: number;
  /** The error name of the last turn that failed (cleared by the next answered one), when, and which turn. */
  lastError?: string;
  lastErrorAt?: string;
  lastErrorTurn?: string;
}

/** Each attribute's DynamoDB type (`S` string, `N` number), as the machine writes it. */
export const CONVERSATION_ATTRIBUTES: { readonly [K in keyof Required<ConversationItem>]: Required<ConversationItem>[K] extends number ? 'N' : 'S' } = {
  sender: 'S',
  lockedBy: 'S',
  lockedAt: 'S',
  responseId: 'S',
  lastInteraction: 'S',
  createdAt: 'S',
  messageCount: 'N',
  lastError: 'S',
  lastErrorAt: 'S',
  lastErrorTurn: 'S',
};

/** The partition key's attribute name. */
export const CONVERSATION_KEY = 'sender' satisfies keyof ConversationItem;
