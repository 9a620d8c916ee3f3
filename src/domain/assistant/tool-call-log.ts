import * as z from '../../shared/zod.js';

/**
 * One tool call of a turn as the turn carries it to its output (ResponseState.toolCalls):
 * what the model asked (name, arguments as the model wrote them) and what the tool answered.
 */
export const toolCallLog = z.object({ name: z.string(), arguments: z.string(), output: z.string() });
export type ToolCallLog = z.infer<typeof toolCallLog>;
