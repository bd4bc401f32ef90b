import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxJob } from '../src/domain/outbox/repository.ts';
import { createOutboxWorker, type OutboxHandler } from '../src/outbox/worker.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { runCli } from './support/cli.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

const store = () => site.runtime.deps.store;
const worker = (handlers: Record<string, OutboxHandler>) =>
  createOutboxWorker({ deps: site.runtime.deps, handlers: new Map(Object.entries(handlers)) });

describe('the outbox', () => {
  it('keeps a job only if the transaction that enqueued it commits', async () => {
    await store()
      .transaction(async (trx) => {
        await trx.outbox.enqueue({ kind: 'test.echo', payload: { n: 1 } });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await store().transaction((trx) => trx.outbox.enqueue({ kind: 'test.echo', payload: { n: 2 } }));
    const jobs = await store().outbox.list({ includeDone: true, limit: 10 });
    expect(jobs.map((job) => job.payload)).toEqual([{ n: 2 }]);
  });

  it('runs each job exactly once when several workers drain the same outbox at the same time', async () => {
    for (let n = 0; n < 60; n++) await store().outbox.enqueue({ kind: 'test.count', payload: { n } });
    const seen: number[] = [];
    const handler: OutboxHandler = async (job: OutboxJob) => {
      // Yield between claim and completion, so the workers' rounds interleave.
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(job.payload.n as number);
    };
    const workers = [worker({ 'test.count': handler }), worker({ 'test.count': handler }), worker({ 'test.count': handler })];
    await Promise.all(workers.map((w) => w.drain()));
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    expect(await store().outbox.countByState()).toEqual({ pending: 0, done: 60, dead: 0 });
  });

  it('leaves a job of a kind with no handler waiting, and lists it as such', async () => {
    await store().outbox.enqueue({ kind: 'mail.send', payload: { to: 'ada@example.com' } });
    await worker({ 'test.echo': () => Promise.resolve() }).drain();
    const [job] = await store().outbox.list({ includeDone: false, limit: 10 });
    expect(job).toMatchObject({ kind: 'mail.send', attempts: 0, doneAt: null, deadAt: null });

    const listed = await runCli(site.dataDir, ['outbox']);
    expect(listed.stdout).toContain('Outbox: 1 waiting, 0 given up, 0 done.');
    expect(listed.stdout).toContain(`#${job!.id}  mail.send  waiting: no handler is configured for this kind`);
  });

  it('lets the job in hand finish when the worker stops', async () => {
    await store().outbox.enqueue({ kind: 'test.slow', payload: {} });
    let finish: () => void = () => undefined;
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const w = worker({
      'test.slow': () => {
        started();
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    w.start();
    await running;
    const stopping = w.stop();
    finish();
    await stopping;
    expect(await store().outbox.countByState()).toEqual({ pending: 0, done: 1, dead: 0 });
  });

  it('lets another worker take over a job whose holder crashed, once the claim has lapsed', async () => {
    await store().outbox.enqueue({ kind: 'test.echo', payload: {} });
    const now = site.clock.now();
    const [claimed] = await store().outbox.claim({
      kinds: ['test.echo'],
      now,
      lockedUntil: new Date(now.getTime() + 60_000),
      worker: 'crashed',
      limit: 1,
    });
    expect(claimed).toBeDefined();
    const ran: number[] = [];
    const survivor = worker({ 'test.echo': (job) => Promise.resolve(void ran.push(job.id)) });
    await survivor.drain();
    expect(ran).toEqual([]);
    site.clock.advance(60_000);
    await survivor.drain();
    expect(ran).toEqual([claimed!.id]);
  });
});

describe('broadsheet outbox', () => {
  it('refuses to retry a job that does not exist', async () => {
    const res = await runCli(site.dataDir, ['outbox', 'retry', '99']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Unfinished job 99');
  });
});
