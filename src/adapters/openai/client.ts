import OpenAI from 'openai';

/** Where the OpenAI client talks (OpenAI, or the offline model's base URL) and which model it asks. */
export interface OpenAiOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
}

/** No SDK retries: 429 and 5xx are retried by the state machine. */
export function openAiClient(options: OpenAiOptions, timeout: number): OpenAI {
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout });
}

/** What the model and the transcriber share: one client and the model they ask. */
export abstract class OpenAiPort {
  protected readonly client: OpenAI;
  protected readonly model: string;
  constructor(options: OpenAiOptions, timeout: number) {
    this.client = openAiClient(options, timeout);
    this.model = options.model;
  }
}
