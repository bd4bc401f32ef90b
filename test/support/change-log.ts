import { onTestFinished } from 'vitest';
import { openChangeFeed } from '../../src/db/sqlite/change-feed.ts';
import type { TestSite } from './app.ts';

/** What the change log recorded since it was opened, as the page cache's feed reads it. */
export interface ChangeLogReader {
  /** The keys committed since the reader was opened or last read, as a set. */
  keys(): Set<string>;
  close(): void;
}

/** A feed on the site's database from now on; closed with the test (it holds a connection). */
export function changeLog(site: Pick<TestSite, 'runtime'>): ChangeLogReader {
  const feed = openChangeFeed(site.runtime.db);
  onTestFinished(() => feed.close());
  return {
    keys: () => new Set(feed.poll()),
    close: () => feed.close(),
  };
}
