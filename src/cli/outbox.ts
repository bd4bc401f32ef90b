import { listOutbox, retryOutboxJob, stateOf } from '../domain/outbox/outbox.ts';
import type { OutboxJob } from '../domain/outbox/repository.ts';
import { consoleOperator } from '../domain/shared/policy.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

const LIST_LIMIT = 200;

export const outboxCommand: Command = {
  usage: 'outbox [list] [--all]\n  outbox retry ID [ID ...]',
  summary: 'List outbound jobs that are waiting, failing or given up, with their last error; run given-up jobs again',
  async run({ args, config, out }) {
    const [action = 'list', ...rest] = args;
    if (action === 'list' || action === '--all') {
      const { values } = parseOptions(action === '--all' ? args : rest, { all: { type: 'boolean' } });
      const runtime = await openRuntime(config);
      try {
        const { counts, jobs } = await listOutbox(runtime.deps, {
          actor: consoleOperator,
          includeDone: values.all === true,
          limit: LIST_LIMIT,
        });
        out(`Outbox: ${counts.pending} waiting, ${counts.dead} given up, ${counts.done} done.`);
        const configured = runtime.deps.jobKinds ?? new Set<string>();
        for (const job of jobs) out(describeJob(job, configured.has(job.kind)));
        if (jobs.length === LIST_LIMIT) out(`(the first ${LIST_LIMIT} shown)`);
        return 0;
      } finally {
        await runtime.close();
      }
    }
    if (action === 'retry') {
      if (rest.length === 0) throw new UsageError('outbox retry needs at least one job ID (see "broadsheet outbox")');
      const ids = rest.map((raw) => {
        if (!/^\d+$/.test(raw)) throw new UsageError(`"${raw}" is not a job ID (IDs are numbers, see "broadsheet outbox")`);
        return Number(raw);
      });
      const runtime = await openRuntime(config);
      try {
        for (const id of ids) {
          await retryOutboxJob(runtime.deps, { actor: consoleOperator, id });
          out(`Job ${id} will run again as soon as the server's worker is free.`);
        }
        return 0;
      } finally {
        await runtime.close();
      }
    }
    throw new UsageError(`unknown outbox action "${action}" (use list or retry)`);
  },
};

/** One job on two lines: what it is and where it stands, then its last error. */
function describeJob(job: OutboxJob, configured: boolean): string {
  const state = stateOf(job);
  const status =
    state === 'done'
      ? `done ${job.doneAt!.toISOString()}`
      : state === 'dead'
        ? `given up ${job.deadAt!.toISOString()} after ${job.attempts} attempts`
        : !configured
          ? 'waiting: no handler is configured for this kind'
          : job.attempts === 0
            ? `waiting since ${job.createdAt.toISOString()}`
            : `failed ${job.attempts} times, next attempt after ${job.runAfter.toISOString()}`;
  const line = `#${job.id}  ${job.kind}  ${status}`;
  return job.lastError && state !== 'done' ? `${line}\n      last error: ${job.lastError.replace(/\s+/g, ' ')}` : line;
}
