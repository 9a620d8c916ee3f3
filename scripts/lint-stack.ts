// `npm run lint:stack`: packages the four stacks (dev and prod, database create and external)
// and runs AWS's CloudFormation linter with the Serverless Rules on each; exit 1 on any error.
import path from 'node:path';
import { packageStage } from './artifacts.js';
import { describeFindings, findLinter, lintTemplate, STACKS } from './cfn-lint.js';

async function main(): Promise<void> {
  const linter = findLinter();
  if (!linter) {
    console.error('no linter: set CFN_LINT to cfn-lint (with cfn-lint-serverless) or provide ../shared/tools/cfn-lint/run');
    process.exit(2);
  }
  let errors = 0;
  for (const { stage, params } of STACKS) {
    const { out } = await packageStage(stage, undefined, params);
    const findings = await lintTemplate(linter, path.join(out, 'cloudformation-template-update-stack.json'));
    errors += findings.filter((finding) => finding.error).length;
    const label = `${stage} ${params.database ?? 'create'}`;
    console.log(`${label}: ${findings.filter((finding) => finding.error).length} errors, ${findings.filter((finding) => !finding.error).length} warnings`);
    if (findings.length) console.log(describeFindings(findings).replace(/^/gm, '  '));
  }
  process.exit(errors ? 1 : 0);
}

await main();
