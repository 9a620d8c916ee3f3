import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ConfigError, ValidationError } from '../../shared/errors.js';

const SERVERLESS_YML = fileURLToPath(new URL('../../../serverless.yml', import.meta.url));

/** A deployed stage's machines as serverless.yml names them: `<service>-<stage>-<machine>`. */
export interface StageNames {
  service: string;
  stage: string;
  /** The short names (`csv-summary`), as the local engine and the console call them. */
  machines: string[];
}

/** Reads `service:` and the `name: ${self:service}-${sls:stage}-<machine>` lines of serverless.yml. */
export async function stageNames(stage: string, file = SERVERLESS_YML): Promise<StageNames> {
  if (!/^[a-z0-9-]{1,32}$/.test(stage)) throw new ValidationError('--stage must be lower-case letters, digits and dashes');
  const yml = await readFile(file, 'utf8').catch(() => {
    throw new ConfigError(['serverless.yml'], 'not found beside the fluxo package');
  });
  const service = /^service:\s*([\w-]+)\s*$/m.exec(yml)?.[1];
  if (!service) throw new ConfigError(['service'], 'serverless.yml names no service');
  const machines = [...yml.matchAll(/^\s+name:\s*\$\{self:service\}-\$\{sls:stage\}-([\w-]+)\s*$/gm)].map((match) => match[1] ?? '');
  return { service, stage, machines };
}
