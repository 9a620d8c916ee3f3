import { readFileSync } from 'node:fs';
import { fluxo } from '../support/cli.js';

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
