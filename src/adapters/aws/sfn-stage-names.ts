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

/** What Step Functions takes as an execution name (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html). */
// eslint-disable-next-line no-control-regex
const AWS_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/**
 * An execution named by the CLI or a console path: a name Step Functions takes, or the
 * ARN of an execution of this stage's machine (another stage's or application's is refused, not read).
 */
export function checkExecutionRef(fullName: string, stage: string, name: string): void {
  if (name.startsWith('arn:')) {
    const own = new RegExp(`^arn:aws[\\w-]*:states:[\\w-]+:\\d{12}:(execution|express):${fullName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[:/]`);
    if (!own.test(name)) throw new ValidationError(`${name.slice(0, 200)} is not an execution of ${fullName} (stage ${stage})`);
  } else if (!AWS_NAME.test(name)) {
    throw new ValidationError(`${JSON.stringify(name.slice(0, 80))} is not an execution name (1 to 80 characters, no spaces, brackets, wildcards, : / or control characters) nor its ARN`);
  }
}
