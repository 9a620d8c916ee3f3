import OpenAI from 'openai';
import { OpenAiPort, type OpenAiOptions } from './client.js';
import { NotFoundError, TransientError, ValidationError } from '../../shared/errors.js';
import type { AssistantModel, ModelRequest, ModelResponse, ModelStatus } from '../../ports/model.js';

interface ResponseLike {
  id: string;
  status?: string | null;
  output?: { type: string; call_id?: string; name?: string; arguments?: string; content?: { type: string; text?: string }[] }[];
}

function toModelResponse(response: ResponseLike): ModelResponse {
  const output = response.output ?? [];
  return {
    id: response.id,
    status: (response.status ?? 'queued') as ModelStatus,
    text: output
      .filter((item) => item.type === 'message')
      .flatMap((item) => item.content ?? [])
      .filter((part) => part.type === 'output_text')
      .map((part) => part.text ?? '')
      .join(''),
    functionCalls: output.filter((item) => item.type === 'function_call').map((item) => ({ callId: item.call_id ?? '', name: item.name ?? '', arguments: item.arguments ?? '{}' })),
  };
}

/** 429 and 5xx are retried by the state machine (ASL Retry), not hidden inside the Lambda. */
function classifyApiError(error: unknown): unknown {
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    if (status === 429 || status >= 500 || status === 0) return new TransientError(`OpenAI ${status || 'connection'}: ${error.message.split('\n')[0]}`);
    if (status === 404) return new NotFoundError(`OpenAI 404: ${error.message.split('\n')[0]}`);
    if (status === 400) return new ValidationError(`OpenAI ${status}: ${error.message.split('\n')[0]}`);
  }
  if (error instanceof OpenAI.APIConnectionError) return new TransientError(`OpenAI connection: ${error.message}`);
  return error;
}

/**
 * The Responses API through the official SDK: background runs stored on the
 * server, chained by previous_response_id. The same code talks to OpenAI and,
 * with another base URL, to the offline model.
 */
export class ResponsesModel extends OpenAiPort implements AssistantModel {
  constructor(options: OpenAiOptions) {
    super(options, 20_000);
  }

  async create(request: ModelRequest): Promise<ModelResponse> {
    const input =
      typeof request.input === 'string'
        ? [{ role: 'user' as const, content: request.input }]
        : request.input.map((item) => ({ type: 'function_call_output' as const, call_id: item.callId, output: item.output }));
    try {
      const response = await this.client.responses.create({
        model: this.model,
        instructions: request.instructions,
        input,
        previous_response_id: request.previousResponseId,
        tools: request.tools as OpenAI.Responses.Tool[],
        background: true,
        store: true,
      });
      return toModelResponse(response as unknown as ResponseLike);
    } catch (error) {
      throw classifyApiError(error);
    }
  }

  async retrieve(responseId: string): Promise<ModelResponse> {
    try {
      return toModelResponse((await this.client.responses.retrieve(responseId)) as unknown as ResponseLike);
    } catch (error) {
      throw classifyApiError(error);
    }
  }
}
