export type ModelStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';

export interface FunctionCall {
  callId: string;
  name: string;
  arguments: string;
}

export interface ModelResponse {
  id: string;
  status: ModelStatus;
  text: string;
  functionCalls: FunctionCall[];
}

export interface ModelRequest {
  instructions: string;
  input: string | { callId: string; output: string }[];
  previousResponseId?: string;
  tools: unknown[];
}

/** The OpenAI Responses API, or the offline model that speaks the same protocol. */
export interface AssistantModel {
  create(request: ModelRequest): Promise<ModelResponse>;
  retrieve(responseId: string): Promise<ModelResponse>;
}
