import { ResponsesModel } from '../../adapters/openai/responses-model.js';
import { OpenAiTranscriber } from '../../adapters/openai/transcriber.js';
import { requireKeys } from '../../shared/config.js';
import { openaiConfig } from '../../shared/settings/openai.js';
import type { AssistantModel } from '../../ports/model.js';
import type { Provider } from '../compose.js';

export const openAiModel: Provider<'model'> = ({ config }) => {
  let model: AssistantModel | undefined;
  return async () => {
    const { OPENAI_API_KEY: apiKey } = requireKeys({ OPENAI_API_KEY: config.OPENAI_API_KEY }, openaiConfig.where(config.STAGE));
    return (model ??= new ResponsesModel({ apiKey, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL }));
  };
};

export const openAiTranscriber: Provider<'transcriber'> = ({ config }) => async () => {
  const { OPENAI_API_KEY: apiKey } = requireKeys({ OPENAI_API_KEY: config.OPENAI_API_KEY }, openaiConfig.where(config.STAGE));
  return new OpenAiTranscriber({ apiKey, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_TRANSCRIBE_MODEL });
};
