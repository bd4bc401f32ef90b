import fs from 'node:fs';
import { afterEach } from 'vitest';
import { startTestSite, tempDataDir, type TestSite } from './app.ts';

/** No demo: an import starts from an empty publication. */
export const EMPTY = { BROADSHEET_DEMO: 'off' };

/** What `--report`'s JSON says of the pictures an import brought home. */
export interface PicturesReport {
  broughtHome: number;
  notFound: Array<{ url: string; reason: string }>;
  bodiesRewritten: number;
}

export function picturesOf(reportFile: string): PicturesReport {
  return (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { pictures: PicturesReport }).pictures;
}

/**
 * Data folders and sites for the tests of bringing imported pictures home, each removed or closed
 * after its test, last made first; `defer` adds anything else to undo (a local HTTP server).
 */
export function importSandbox() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    defer: (cleanup: () => Promise<void> | void) => cleanups.push(cleanup),
    dataDir: (): string => {
      const dir = tempDataDir();
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    site: async (dir: string): Promise<TestSite> => {
      const started = await startTestSite({ dataDir: dir, env: EMPTY });
      cleanups.push(() => started.close());
      return started;
    },
  };
}
