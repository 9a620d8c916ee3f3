// AWS's CloudFormation linter (cfn-lint with AWS's Serverless Rules) on packaged templates:
// used by `npm run lint:stack` (scripts/lint-stack.ts) and the template test
// (test/integration/serverless-package.test.ts). The linter is the one `CFN_LINT` names,
// else ../shared/tools/cfn-lint/run when it exists.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One finding, as cfn-lint's parseable format gives it. */
export interface Finding {
  rule: string;
  line: number;
  message: string;
  /** cfn-lint's level is the rule id's first letter: E(S) error, W(S) warning, I informational. */
  error: boolean;
}

/** An external database's secret, only as sample input for packaging (never deployed). */
export const SAMPLE_DATABASE_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123abcd-AbCdEf';

/** The four stacks a release must lint clean: `--param` values per stage. */
export const STACKS: { stage: string; params: Record<string, string> }[] = [
  { stage: 'dev', params: {} },
  { stage: 'prod', params: {} },
  { stage: 'dev', params: { database: 'external', databaseSecretArn: SAMPLE_DATABASE_SECRET_ARN } },
  { stage: 'prod', params: { database: 'external', databaseSecretArn: SAMPLE_DATABASE_SECRET_ARN } },
];

/** The linter to run, or undefined when this machine has none. */
export function findLinter(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CFN_LINT) return env.CFN_LINT;
  const shared = path.resolve('..', 'shared', 'tools', 'cfn-lint', 'run');
  return existsSync(shared) ? shared : undefined;
}

/** Lints one template file; suppressions live in the resources' Metadata, so nothing is ignored here. */
export async function lintTemplate(linter: string, file: string): Promise<Finding[]> {
  // cfn-lint exits 2/4/6 when it finds something: the findings are on stdout either way.
  const { stdout } = await run(linter, ['-f', 'parseable', '-t', file], { maxBuffer: 32 * 1024 * 1024 }).catch((error: { stdout?: string; code?: number; stderr?: string }) => {
    if (typeof error.code === 'number' && (error.code & 1) === 0 && error.stdout !== undefined) return { stdout: error.stdout };
    throw new Error(`cfn-lint failed on ${file}: ${String(error.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // path:line:column:endLine:endColumn:RULE:message
      const match = /^.*?:(\d+):\d+:\d+:\d+:([A-Z]+\d+):(.*)$/.exec(line);
      if (!match) return { rule: 'unparsed', line: 0, message: line, error: true };
      const [, at, rule = '', message = ''] = match;
      return { rule, line: Number(at), message, error: rule.startsWith('E') };
    });
}

/** `RULE line: message`, one per finding. */
export function describeFindings(findings: Finding[]): string {
  return findings.map((finding) => `${finding.rule} ${finding.line}: ${finding.message}`).join('\n');
}
