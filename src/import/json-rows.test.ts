import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../domain/importing/records.ts';
import { scanJsonFile, type JsonPath, type JsonRow } from './json-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-rows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(text: string): string {
  const name = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(name, text);
  return name;
}

async function scan(text: string, select: JsonPath[], watch: JsonPath[] = []) {
  const rows: JsonRow[] = [];
  const containers: JsonPath[] = [];
  for await (const row of scanJsonFile(file(text), { select, watch, onContainer: (p) => containers.push(p) })) rows.push(row);
  return { rows, containers };
}

describe('scanJsonFile', () => {
  it('hands over only the selected values, each with its path, and reports watched containers even when empty', async () => {
    const { rows, containers } = await scan(
      '{"db":[{"data":{"posts":[{"id":1},{"id":2,"tags":["a"]}],"tags":[],"users":[{"id":"u"}]}}]}',
      [['db', 0, 'data', 'posts', '*']],
      [['db', 0, 'data', 'tags']],
    );
    expect(rows).toEqual([
      { path: ['db', 0, 'data', 'posts', 0], value: { id: 1 } },
      { path: ['db', 0, 'data', 'posts', 1], value: { id: 2, tags: ['a'] } },
    ]);
    expect(containers).toEqual([['db', 0, 'data', 'tags']]);
  });

  it('names the line and the column, counted in characters, of a syntax error after non-ASCII text', async () => {
    const failure = await scan('{"title":"天星小輪",\n "body": "渡海" "x"}', [['title']]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFileError);
    expect((failure as Error).message).toBe('this is not valid JSON: unexpected text "x" (at line 2, column 15)');
  });

  it('says a file cut short is cut short, and an empty file is empty', async () => {
    await expect(scan('{"posts":[{"id":1},{"id', [['posts', '*']])).rejects.toThrow(
      /it looks cut short; export it again \(at line 1, column 23\)/,
    );
    await expect(scan('', [['posts', '*']])).rejects.toThrow('the file is empty');
  });
});
