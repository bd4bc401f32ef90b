import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The hostile-input suite's strings: the Big List of Naughty Strings, and the XSS payloads in
 * test/fixtures/hostile/ (cheat-sheet payloads, every listed element with every listed event
 * handler, and each script address bare, in an HTML link and in a Markdown link).
 */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'hostile');

function lines(file: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('# '))
    .map((line) => line.replaceAll('\\n', '\n').replaceAll('\\t', '\t').replaceAll('\\0', '\0'));
}

function naughtyStrings(): string[] {
  const require = createRequire(import.meta.url);
  return require('big-list-of-naughty-strings/blns.json') as string[];
}

function handlerPayloads(): string[] {
  const events = lines('events.txt');
  return lines('tags.txt').flatMap((tag) => events.map((event) => `<${tag} src=x ${event}=alert(1) autofocus tabindex=1>x</${tag}>`));
}

function schemePayloads(): string[] {
  return lines('schemes.txt').flatMap((address) => [address, `<a href="${address}">link</a>`, `[link](${address})`]);
}

/** Every hostile string once, in a fixed order. */
export const HOSTILE_STRINGS: readonly string[] = process.env.HOSTILE_SAMPLE
  ? [...new Set([...naughtyStrings(), ...lines('cheat-sheet.txt')])].slice(0, Number(process.env.HOSTILE_SAMPLE))
  : [...new Set([...naughtyStrings(), ...lines('cheat-sheet.txt'), ...handlerPayloads(), ...schemePayloads()])];

/** `list` cut into runs of `size`, to put many strings on one page. */
export function batches<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
