import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDataDir } from './support/app.ts';
import { FakeCdn } from './support/cdn-server.ts';
import { runCli, startServer } from './support/cli.ts';

let cdn: FakeCdn;
let dataDir: string;
beforeEach(async () => {
  cdn = await new FakeCdn().start();
  dataDir = tempDataDir();
});
afterEach(async () => {
  await cdn.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Waits for the server's outbox worker (it looks every second) to have purged `key`. */
async function purged(key: string): Promise<boolean> {
  for (let tries = 0; tries < 100; tries++) {
    if (cdn.purgedKeys().has(key)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

it('serve with PURGE_URL purges the keys of an article published from the command line', async () => {
  const server = await startServer(dataDir, { BROADSHEET_DEMO: 'off', PURGE_URL: cdn.url, PURGE_HEADERS: 'Authorization: Bearer t' });
  try {
    const file = path.join(dataDir, 'story.md');
    fs.writeFileSync(file, '---\ntitle: Ferry strike ends\nslug: ferry-strike\nauthor: Mei Lin Chau\n---\n\nThe text.\n');
    expect((await runCli(dataDir, ['publish', file])).code).toBe(0);
    expect(await purged('articles')).toBe(true);
    expect(cdn.requests[0]!.headers.authorization).toBe('Bearer t');
    expect(server.output()).toContain('CDN purge:  POST http://127.0.0.1');
  } finally {
    server.process.kill('SIGTERM');
    await new Promise((resolve) => server.process.once('exit', resolve));
  }
}, 90_000);
