import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { groupCommit } from './group-commit.ts';
import type { DB } from './schema.ts';
import { openSqlite } from './sqlite/connection.ts';

let dir: string;
let db: DB;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-group-'));
  db = openSqlite(path.join(dir, 'test.db'));
  await sql`create table notes (text text not null)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const notes = async (from: DB = db) =>
  (await sql<{ text: string }>`select text from notes order by rowid`.execute(from)).rows.map((r) => r.text);
const write = (trx: DB, text: string) => sql`insert into notes (text) values (${text})`.execute(trx);

it('commits the work of one turn together, each after the writes of those before it, and a throw undoes only its own writes', async () => {
  const grouped = groupCommit(db);
  const seen: string[][] = [];
  const results = await Promise.allSettled([
    grouped(async (trx) => (await write(trx, 'first'), 1)),
    grouped(async (trx) => {
      await write(trx, 'refused');
      throw new Error('refused');
    }),
    grouped(async (trx) => {
      seen.push(await notes(trx));
      await write(trx, 'third');
      return 3;
    }),
  ]);
  expect(results).toEqual([
    { status: 'fulfilled', value: 1 },
    { status: 'rejected', reason: new Error('refused') },
    { status: 'fulfilled', value: 3 },
  ]);
  expect(seen).toEqual([['first']]);
  expect(await notes()).toEqual(['first', 'third']);
});

it('settles no work before the commit that makes it durable', async () => {
  const grouped = groupCommit(db);
  const other = openSqlite(path.join(dir, 'test.db'));
  try {
    const visibleWhenSettled = await Promise.all([
      grouped((trx) => write(trx, 'a')).then(() => notes(other)),
      grouped((trx) => write(trx, 'b')).then(() => notes(other)),
    ]);
    expect(visibleWhenSettled).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  } finally {
    await other.destroy();
  }
});

it('runs work alone in a transaction of its own, all of it undone by a throw', async () => {
  const grouped = groupCommit(db);
  await expect(
    grouped(async (trx) => {
      await write(trx, 'alone');
      throw new Error('undone');
    }),
  ).rejects.toThrow('undone');
  expect(await notes()).toEqual([]);
});
