import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openChangeFeed } from '../src/db/sqlite/change-feed.ts';
import type { ChangeFeed } from '../src/domain/site/cache-keys.ts';
import { startTestSite, type TestSite } from './support/app.ts';

let site: TestSite;
let feed: ChangeFeed;
/** Another connection to the same file, as the command line or another instance has. */
let other: SQLite.Database;

beforeEach(async () => {
  site = await startTestSite();
  feed = openChangeFeed(site.runtime.db);
  other = new SQLite(site.config.databaseFile);
});
afterEach(async () => {
  other.close();
  feed.close();
  await site.close();
});

const setTitle = (title: string) =>
  other
    .prepare(`INSERT INTO settings (key, value) VALUES ('site.title', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    .run(title);

describe('the change feed', () => {
  it('answers the keys another connection committed since the last poll, once each, and nothing when nothing changed', () => {
    expect(feed.poll()).toEqual([]);
    setTitle('One');
    setTitle('Two');
    other
      .prepare(`INSERT INTO authors (slug, name, name_key, bio, created_at) VALUES ('ann', 'Ann', 'ann', '', '2026-01-01T00:00:00.000Z')`)
      .run();
    expect(feed.poll()).toEqual(['site', 'u:1', 'authors']);
    expect(feed.poll()).toEqual([]);
  });

  it('answers a commit made after the log was checkpointed and started again from its beginning', () => {
    setTitle('One');
    expect(feed.poll()).toEqual(['site']);
    other.pragma('wal_checkpoint(TRUNCATE)');
    expect(feed.poll()).toEqual([]);
    setTitle('Two');
    expect(feed.poll()).toEqual(['site']);
    setTitle('Three');
    expect(feed.poll()).toEqual(['site']);
  });

  it('starts after the changes committed before it opened', () => {
    setTitle('Before');
    const later = openChangeFeed(site.runtime.db);
    try {
      expect(later.poll()).toEqual([]);
      setTitle('After');
      expect(later.poll()).toEqual(['site']);
    } finally {
      later.close();
    }
  });

  it('does not answer keys of a transaction still open in the app, and answers them once it commits', async () => {
    await site.runtime.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'site.title', value: 'Pending' }).execute();
      expect(feed.poll()).toEqual([]);
    });
    expect(feed.poll()).toEqual(['site']);
  });

  it('answers site, which every page carries, when rows it had not read were pruned', () => {
    setTitle('One');
    other
      .prepare(`INSERT INTO authors (slug, name, name_key, bio, created_at) VALUES ('ann', 'Ann', 'ann', '', '2026-01-01T00:00:00.000Z')`)
      .run();
    // As pruning does: the oldest rows go, the newest stays.
    other.prepare('DELETE FROM cache_changes WHERE id < (SELECT max(id) FROM cache_changes)').run();
    expect(feed.poll()).toEqual(['site']);
    setTitle('Two');
    expect(feed.poll()).toEqual(['site']);
  });

  it('answers site instead of more than 10,000 keys at once', () => {
    const insert = other.prepare(
      `INSERT INTO authors (slug, name, name_key, bio, created_at) VALUES (?, ?, ?, '', '2026-01-01T00:00:00.000Z')`,
    );
    other.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(`a${i}`, `A${i}`, `a${i}`);
    })();
    expect(feed.poll()).toEqual(['site']);
    other.prepare(`UPDATE authors SET bio = 'New' WHERE slug = 'a1'`).run();
    expect(feed.poll()).toEqual(['u:2']);
  });
});
