import { readFileSync } from 'node:fs';
import { parseProblem } from '../../src/cli/main.js';
import { fluxo } from '../support/cli.js';
import { docCommands } from '../support/doc-commands.js';

/** `fluxo <command> [<subcommand>]` of every row of the README's table ("Using it"), as written there. */
function readmeCommands(): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('## Using it'), readme.indexOf('\n## ', readme.indexOf('## Using it') + 1));
  const found = new Set<string>();
  for (const cell of table.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(' | ')[0] ?? '')) {
    // Code spans of the first column: `npx fluxo run <machine> ...`, then `executions show <machine> <name>` of the same family.
    const spans = [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    if (!spans.some((span) => span.includes('npx fluxo '))) continue;
    for (const span of spans) {
      const words = span.replace(/^.*?npx fluxo /, '').split(' ');
      const [command, sub] = words;
      if (!command || !/^[a-z][a-z-]*$/.test(command) || command === 'npm') continue;
      for (const each of sub && /^[a-z][a-z|]*$/.test(sub) ? sub.split('|') : ['']) found.add([command, each].filter(Boolean).join(' '));
    }
  }
  return [...found].map((line) => line.split(' '));
}

describe("the README's table of commands", () => {
  const commands = readmeCommands();

  it('names the commands (a parse of the table that finds nothing tests nothing)', () => {
    expect(commands.map((words) => words.join(' '))).toEqual(expect.arrayContaining(['dev', 'run', 'executions list', 'invoke', 'consume', 'serve', 'summarize', 'replay csv', 'expenses list']));
  });

  it('every command there answers --help with its usage, exit 0', async () => {
    const failures: string[] = [];
    for (const words of commands) {
      const result = await fluxo([...words, '--help'], { FLUXO_HOME: '/nonexistent-fluxo-home' });
      if (result.code !== 0 || !result.stdout.startsWith(`Usage: fluxo ${words.join(' ')}`)) failures.push(`fluxo ${words.join(' ')} --help: exit ${result.code}, ${(result.stdout || result.stderr).split('\n')[0]}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

describe('every fluxo command line in README.md and docs/', () => {
  const found = docCommands();

  it('finds them: code blocks, the table, prose, usage notation expanded (a parse that finds nothing tests nothing)', () => {
    const lines = found.filter((command) => command.kind === 'line').map((command) => `${command.where.split(':')[0]} ${command.argv.join(' ')}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'docs/operations.md executions redrive csv-summary <name> --stage $STAGE --yes --json',
        'docs/csv.md summarize file.csv --json --delimiter ; --encoding latin1 --decimal ,',
        'docs/clients.md invoke client_ingest --event fixtures/events/new-client-sqs.json',
        'docs/performance.md summarize --json FILE',
        'docs/deploy.md migrate --stage <stage>',
        'README.md migrate --database-url URL',
        'README.md migrate --stage S',
        'README.md generate function <flow>_<what> --kind http',
        'README.md generate function <flow>_<what> --kind scheduled',
        'README.md executions show <machine> <name> --json',
        'README.md service',
      ]),
    );
    expect(new Set(found.map((command) => command.where.split(':')[0]))).toEqual(new Set(['README.md', 'docs/architecture.md', 'docs/assistant.md', 'docs/clients.md', 'docs/cost.md', 'docs/csv.md', 'docs/deploy.md', 'docs/operations.md', 'docs/performance.md']));
  });

  it('tells a line that does not parse: an unknown command, option or a missing value', async () => {
    await expect(parseProblem(['upload', 'x.csv', '--dataset', 'vendas'])).resolves.toMatch(/unknown option '--dataset'/);
    await expect(parseProblem(['summaries', 'drop', '1'])).resolves.toMatch(/unknown command 'drop'/);
    await expect(parseProblem(['migrate', '--stage'])).resolves.toMatch(/argument missing/);
    await expect(parseProblem(['migrate', '--stage'], { reference: true })).resolves.toBeUndefined();
    await expect(parseProblem(['run', 'hello', 'extra'])).resolves.toMatch(/too many arguments/);
  });

  it('each parses as the CLI reads it (nothing runs): a command line whole, a command named in a sentence by its command and options', async () => {
    const failures: string[] = [];
    for (const command of found) {
      const problem = await parseProblem(command.argv, { reference: command.kind === 'reference' });
      if (problem) failures.push(`${command.where} \`${command.written}\` (fluxo ${command.argv.join(' ')}): ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
