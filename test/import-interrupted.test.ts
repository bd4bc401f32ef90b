import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWxr, scaledShape } from '../bench/wxr-generate.ts';
import { tempDataDir } from './support/app.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';

const EMPTY = { BROADSHEET_DEMO: 'off' };
let workDir: string;
let exportFile: string;
/** The publication as one uninterrupted import leaves it. */
let reference: Publication;

beforeAll(async () => {
  workDir = tempDataDir();
  exportFile = path.join(workDir, 'export.xml');
  // A dozen batches of 500 posts: time enough to stop it in the middle, little enough to import in seconds.
  await generateWxr(exportFile, scaledShape(6_000, 12_000));
  const dir = path.join(workDir, 'reference');
  expect((await runCli(dir, ['import', 'wordpress', exportFile], EMPTY)).code).toBe(0);
  reference = readPublication(dir);
}, 120_000);
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

interface Publication {
  readonly articles: Array<{ slug: string; headline: string; status: string; comment_count: number; comments: number }>;
  readonly comments: Array<{ slug: string; author_name: string; status: string; depth: number; created_at: string }>;
}

/** What readers and editors see, without the ids and salted hashes that differ between databases. */
function readPublication(dir: string): Publication {
  const db = new SQLite(path.join(dir, 'broadsheet.db'), { readonly: true });
  try {
    return {
      articles: db
        .prepare(
          `select slug, headline, status, comment_count, (select count(*) from comments where article_id = articles.id) as comments
           from articles order by slug`,
        )
        .all() as Publication['articles'],
      comments: db
        .prepare(
          `select articles.slug, author_name, comments.status, depth, comments.created_at
           from comments join articles on articles.id = comments.article_id
           order by articles.slug, comments.created_at, author_name`,
        )
        .all() as Publication['comments'],
    };
  } finally {
    db.close();
  }
}

function articleCount(dir: string): number {
  const file = path.join(dir, 'broadsheet.db');
  if (!fs.existsSync(file)) return 0;
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from articles').get() as { n: number }).n;
  } catch {
    return 0; // the schema is not there yet
  } finally {
    db.close();
  }
}

/** Starts the import and stops it with `signal` once some batches, but not all, have committed. */
async function importUntilStopped(
  dir: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/broadsheet.js'), 'import', 'wordpress', exportFile], {
    cwd: REPO_ROOT,
    env: { ...process.env, BROADSHEET_DATA: dir, ...EMPTY },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
  );
  const total = reference.articles.length;
  for (;;) {
    const done = articleCount(dir);
    if (done > 0 && done < total) break;
    if (child.exitCode !== null) throw new Error(`the import finished before it could be stopped:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const killedAt = articleCount(dir);
  child.kill(signal);
  const result = await exited;
  return { ...result, output: `${output}\n[stopped with ${signal} at ${killedAt} articles]` };
}

/** Every article that made it in has all its comments: no batch is there in part. */
function expectWholeBatches(dir: string): void {
  const partial = readPublication(dir);
  expect(partial.articles.length).toBeGreaterThan(0);
  expect(partial.articles.length).toBeLessThan(reference.articles.length);
  const expected = new Map(reference.articles.map((article) => [article.slug, article]));
  for (const article of partial.articles) expect(article).toEqual(expected.get(article.slug));
}

describe('an interrupted import', () => {
  it('stops after the batch it is writing on Ctrl-C, and the same command finishes the job', async () => {
    const dir = path.join(workDir, 'ctrl-c');
    const stopped = await importUntilStopped(dir, 'SIGINT');
    expect(stopped.code, stopped.output).toBe(130);
    expect(stopped.output).toContain('run the same command again to finish');
    expectWholeBatches(dir);

    const again = await runCli(dir, ['import', 'wordpress', exportFile], EMPTY);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Articles\s+[\d,]+ created, 0 updated, [\d,]+ skipped \([\d,]+ unchanged since the last import/);
    expect(readPublication(dir)).toEqual(reference);
  }, 120_000);

  it('loses at most the batch it was writing when the process is killed, and the same command finishes the job', async () => {
    const dir = path.join(workDir, 'killed');
    const stopped = await importUntilStopped(dir, 'SIGKILL');
    expect(stopped.signal).toBe('SIGKILL');
    expectWholeBatches(dir);

    expect((await runCli(dir, ['import', 'wordpress', exportFile], EMPTY)).code).toBe(0);
    expect(readPublication(dir)).toEqual(reference);
  }, 120_000);
});
