import { ResponsesModel } from '../../adapters/openai/responses-model.js';
import { OpenAiTranscriber } from '../../adapters/openai/transcriber.js';
import { ConfigError } from '../../shared/errors.js';
import type { AssistantModel } from '../../ports/model.js';
import type { Provider } from '../compose.js';

export const openAiModel: Provider<'model'> = ({ config }) => {
  let model: AssistantModel | undefined;
  return async () => {
    if (!config.OPENAI_API_KEY) throw new ConfigError(['OPENAI_API_KEY']);
    return (model ??= new ResponsesModel({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL }));
  };
};

export const openAiTranscriber: Provider<'transcriber'> = ({ config }) => async () => {
  if (!config.OPENAI_API_KEY) throw new ConfigError(['OPENAI_API_KEY']);
  return new OpenAiTranscriber({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_TRANSCRIBE_MODEL });
};
