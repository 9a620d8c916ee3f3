import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A `fluxo` command line written in a Markdown file: where, as written, its words after `fluxo`, and whether it is a whole line. */
export interface DocCommand {
  where: string;
  written: string;
  argv: string[];
  /**
   * `line`: a code block's line or the README table's command column, which must parse whole;
   * `reference`: a code span in prose ("`fluxo summarize` reads..."), whose command and options must exist.
   */
  kind: 'line' | 'reference';
}

type Token = string | { symbol: '[' | ']' | '|'; spaced: boolean };
/** Usage notation: a word, or a choice among sequences (`[a | b]`, `x|y`). */
type Item = string | { choices: Item[][]; joined?: boolean };

/**
 * Shell words and usage symbols of a line, up to a pipe, a redirect, `&&`, `;` or a comment.
 * Unquoted `[` `]` are optional parts and `|` a choice, except that in a code block a `|`
 * between spaces outside brackets is a pipe. `$(...)` stays one word.
 */
function tokens(line: string, inCode: boolean): Token[] {
  const found: Token[] = [];
  let current = '';
  let started = false;
  let depth = 0;
  const end = () => {
    if (started) found.push(current);
    current = '';
    started = false;
  };
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (/\s/.test(char)) {
      end();
      continue;
    }
    if (char === "'" || char === '"') {
      const close = line.indexOf(char, index + 1);
      current += line.slice(index + 1, close < 0 ? undefined : close);
      started = true;
      index = close < 0 ? line.length : close;
      continue;
    }
    if (char === '$' && line[index + 1] === '(') {
      let open = 0;
      let stop = index;
      for (; stop < line.length; stop++) {
        if (line[stop] === '(') open++;
        if (line[stop] === ')' && --open === 0) break;
      }
      current += line.slice(index, stop + 1);
      started = true;
      index = stop;
      continue;
    }
    const rest = line.slice(index);
    if (!started && (char === '#' || char === ';' || char === '&' || /^\d*>/.test(rest) || (char === '<' && !/^<[^<>\s]+>/.test(rest)))) break;
    if (char === '|' && inCode && depth === 0 && /\s/.test(line[index - 1] ?? ' ') && /\s/.test(line[index + 1] ?? ' ')) break;
    if (char === '[' || char === ']' || char === '|') {
      end();
      depth += char === '[' ? 1 : char === ']' ? -1 : 0;
      found.push({ symbol: char, spaced: /\s/.test(line[index - 1] ?? ' ') && /\s/.test(line[index + 1] ?? ' ') });
      continue;
    }
    current += char;
    started = true;
  }
  end();
  return found;
}

/**
 * Items up to a `]` or the end. Inside brackets a `|` between spaces separates whole
 * sequences (`[--database-url URL | --stage S]`); any other `|` joins the two words beside
 * it (`exact|approximate`, `'<json>' | @file`).
 */
function items(list: Token[], at: { index: number }, inGroup: boolean): Item[] | Item[][] {
  const sequences: Item[][] = [[]];
  let joinNext = false;
  while (at.index < list.length) {
    const token = list[at.index++]!;
    const sequence = sequences.at(-1)!;
    let item: Item;
    if (typeof token === 'string') item = token;
    else if (token.symbol === ']') break;
    else if (token.symbol === '[') item = { choices: items(list, at, true) as Item[][] };
    else {
      if (inGroup && token.spaced) sequences.push([]);
      else joinNext = true;
      continue;
    }
    const previous = sequence.at(-1);
    if (joinNext && typeof previous === 'object' && previous.joined) previous.choices.push([item]);
    else if (joinNext && previous !== undefined) sequence[sequence.length - 1] = { choices: [[previous], [item]], joined: true };
    else sequence.push(item);
    joinNext = false;
  }
  return inGroup ? sequences : sequences[0]!;
}

const choicesIn = (sequence: Item[]): number => Math.max(1, ...sequence.map((item) => (typeof item === 'string' ? 1 : Math.max(item.choices.length, ...item.choices.map(choicesIn)))));

/** The k-th way through: at every choice its k-th option (or its last), so that k = 0..n-1 uses every option once. */
function wayThrough(sequence: Item[], k: number): string[] {
  return sequence.flatMap((item) => (typeof item === 'string' ? [item] : wayThrough(item.choices[Math.min(k, item.choices.length - 1)]!, k)));
}

/** The command lines one written line holds: the words after `fluxo`, one per option of its choices. */
function commandLines(written: string, inCode: boolean): string[][] {
  const sequence = items(tokens(written, inCode), { index: 0 }, false) as Item[];
  const lines: string[][] = [];
  for (let k = 0; k < choicesIn(sequence); k++) {
    const words = wayThrough(sequence, k);
    const at = words.findIndex((word, index) => (word === 'fluxo' && (index === 0 || words[index - 1] === 'npx' || /^[A-Z_]+=/.test(words[index - 1] ?? ''))) || (word === 'bin/fluxo.js' && words[index - 1] === 'node'));
    const argv = words.slice(at + 1);
    if (at < 0 || argv.length === 0 || argv.some((word) => word === '...' || word === '…')) continue;
    if (!lines.some((line) => line.join(' ') === argv.join(' '))) lines.push(argv);
  }
  return lines;
}

/**
 * Every `fluxo` command line of README.md and docs/*.md: the lines of fenced code blocks
 * (`\` continuations joined) and the code spans that start with `fluxo` or `npx fluxo` (a
 * table's `\|` is a choice). Usage notation is expanded (`[--json]`, `list|show`, `[--a A |
 * --b B]`) so that every option written is tried once. A line with `...` is shorthand.
 */
export function docCommands(root = '.'): DocCommand[] {
  const files = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
  const found: DocCommand[] = [];
  for (const file of files) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    let fenced = false;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        continue;
      }
      const where = `${file}:${index + 1}`;
      if (fenced) {
        let joined = line;
        while (joined.endsWith('\\') && index + 1 < lines.length) joined = `${joined.slice(0, -1)} ${lines[++index]}`;
        const written = joined.replace(/^\s*\$\s+/, '').trim();
        for (const argv of commandLines(written, true)) found.push({ where, written, argv, kind: 'line' });
        continue;
      }
      const spansOf = (text: string) => [...text.matchAll(/`((?:[^`\\]|\\.)+)`/g)].map((match) => match[1]!.replace(/\\\|/g, '|'));
      // The README's table of commands: its first column holds command lines, the later ones of a
      // family without `npx fluxo` ("`npx fluxo clients list` / `clients rejections`").
      const column = file === 'README.md' && line.startsWith('| `') ? spansOf(line.split(' | ')[0] ?? '') : [];
      const family = column.map((span) => /^(?:\[?[A-Z_]+=\S*\s+)*npx\s+fluxo\s+([a-z-]+)/.exec(span)?.[1]).find(Boolean);
      for (const span of column.filter((text) => family && text.startsWith(`${family} `))) {
        for (const argv of commandLines(`fluxo ${span}`, false)) found.push({ where, written: span, argv, kind: 'line' });
      }
      for (const span of spansOf(line).filter((text) => /^(?:\[?[A-Z_]+=\S*\s+)*(?:npx\s+fluxo|fluxo|node\s+bin\/fluxo\.js)(\s|$)/.test(text))) {
        // `npx fluxo ...` (or `node bin/fluxo.js ...`) is written to be run; `fluxo x` in a sentence names a command.
        const kind = column.includes(span) || /^(?:\[?[A-Z_]+=\S*\s+)*(npx|node)\s/.test(span) ? 'line' : 'reference';
        for (const argv of commandLines(span, false)) found.push({ where, written: span, argv, kind });
      }
    }
  }
  return found;
}
