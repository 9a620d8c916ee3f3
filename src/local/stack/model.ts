import path from 'node:path';
import { startOfflineModel, type OfflineModel } from '../../adapters/offline-model/server.js';
import { ResponsesModel } from '../../adapters/openai/responses-model.js';
import { OpenAiTranscriber } from '../../adapters/openai/transcriber.js';
import type { BaseConfig, ConfigSource } from '../../shared/config.js';
import type { AssistantModel } from '../../ports/model.js';
import type { Transcriber } from '../../ports/transcription.js';

export interface LocalModels {
  model(): Promise<AssistantModel>;
  transcriber(): Promise<Transcriber>;
  /** The offline model, once started (when no OPENAI_API_KEY is set). */
  offline(): Promise<OfflineModel | undefined>;
  close(): Promise<void>;
}

/**
 * The assistant's model and transcriber on a laptop: OpenAI when OPENAI_API_KEY
 * is set, else the offline model (started on first use, its responses kept in
 * `<home>/offline-model.json`). Both speak the same wire protocol to one client.
 */
export function localModels(config: BaseConfig, env: ConfigSource, home: string | undefined): LocalModels {
  let offline: Promise<OfflineModel> | undefined;
  let model: Promise<AssistantModel> | undefined;
  let transcriber: Promise<Transcriber> | undefined;
  const endpoint = async (): Promise<{ apiKey: string; baseURL?: string }> => {
    if (config.OPENAI_API_KEY) return { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL };
    offline ??= startOfflineModel({ retrievesToComplete: Number(env.OFFLINE_MODEL_RETRIEVES ?? '1') || 1, file: home ? path.join(home, 'offline-model.json') : undefined });
    const started = await offline;
    return { apiKey: started.apiKey, baseURL: started.url };
  };
  return {
    model: () => (model ??= (async () => new ResponsesModel({ ...(await endpoint()), model: config.OPENAI_MODEL }))()),
    transcriber: () => (transcriber ??= (async () => new OpenAiTranscriber({ ...(await endpoint()), model: config.OPENAI_TRANSCRIBE_MODEL }))()),
    offline: async () => (offline ? await offline : undefined),
    async close() {
      if (offline) await (await offline).close();
    },
  };
}
