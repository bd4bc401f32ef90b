import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { openRuntime, type Runtime } from '../../src/cli/runtime.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Clock } from '../../src/domain/shared/ports.ts';
import type { MailMessage, Mailer } from '../../src/domain/people/mailer.ts';
import type { ChangeFeed } from '../../src/domain/site/cache-keys.ts';

/** A clock tests can move, to see scheduled articles appear. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestSite {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly config: Config;
  readonly dataDir: string;
  readonly clock: TestClock;
  close(): Promise<void>;
}

/** A fresh temporary data directory, removed again by `close`. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
}

/** The real app on a real SQLite file in a temporary directory. */
export async function startTestSite(
  options: {
    env?: Record<string, string>;
    clock?: TestClock;
    dataDir?: string;
    mailer?: Mailer;
    log?: LogLines;
    /** The change log that purges the page cache: the database's own by default, null to store nothing. */
    changes?: ChangeFeed | null;
  } = {},
): Promise<TestSite> {
  const dataDir = options.dataDir ?? tempDataDir();
  const config = loadConfig({ BROADSHEET_DATA: dataDir, SITE_URL: 'http://news.test', ...options.env });
  const clock = options.clock ?? new TestClock();
  const runtime = await openRuntime(config, clock);
  const app = await buildApp({
    deps: runtime.deps,
    config,
    changes: options.changes === undefined ? runtime.changes : options.changes,
    readiness: runtime.readiness,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.log ? { logLevel: 'info', logStream: options.log } : {}),
  });
  return {
    app,
    runtime,
    config,
    dataDir,
    clock,
    async close() {
      await app.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Keeps every line the app logs, at level info (every request), for tests to read. */
export class LogLines {
  readonly lines: string[] = [];
  readonly write = (line: string): void => {
    this.lines.push(line);
  };
  get text(): string {
    return this.lines.join('');
  }
}

/** A mailer that keeps every message, for tests to read the links mailed to staff. */
export class TestOutbox implements Mailer {
  readonly messages: MailMessage[] = [];
  readonly send = (message: MailMessage): Promise<void> => {
    this.messages.push(message);
    return Promise.resolve();
  };

  /** The newsroom path (`/admin/...`) of the last link mailed to `to`. */
  lastLinkTo(to: string): string {
    const message = this.messages.filter((m) => m.to === to).at(-1);
    const url = message && /https?:\/\/\S+/.exec(message.text)?.[0];
    if (!url) throw new Error(`no link was mailed to ${to}`);
    return new URL(url).pathname;
  }
}
