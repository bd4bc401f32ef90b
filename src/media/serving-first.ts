import type { ChildProcess } from 'node:child_process';
import process from 'node:process';
import { performance } from 'node:perf_hooks';

/** The share of the last moment this process's event loop spent working above which it is serving at full stretch. */
const BUSY_UTILIZATION = 0.5;
const CHECK_EVERY_MS = 100;
/** A held picture goes on only after this long of quiet: a lull between two bursts of requests is not one. */
const QUIET_FOR_MS = 500;
/** However busy the server stays, a held picture runs again after this long… */
const LONGEST_HOLD_MS = 20_000;
/** …for at least this long, so that pictures are still made at a quarter of the pace under a load that never ends. */
const SHORTEST_RUN_MS = 5_000;

/**
 * Holds `child` (SIGSTOP) while this process's event loop is busy serving, and lets it go on
 * (SIGCONT) when serving quietens. Even at the lowest scheduling priority a process encoding a
 * photo took half the article page's throughput on the shared two-core machine (its cores are
 * not the host's alone), so the server keeps the processor to itself while readers want it.
 * Returns the function that stops watching and lets the child go on. Only where signals can
 * stop a process (not on Windows).
 */
export function holdWhileServingIsBusy(child: ChildProcess): () => void {
  if (process.platform === 'win32' || child.pid === undefined) return () => undefined;
  const pid = child.pid;
  let held = false;
  let changedAt = performance.now();
  let runUntil = 0;
  let busySince = 0;
  let last = performance.eventLoopUtilization();
  const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
    try {
      process.kill(pid, name);
    } catch {
      // The child has ended; its exit is handled where it was started.
    }
  };
  const hold = (on: boolean) => {
    held = on;
    changedAt = performance.now();
    signal(on ? 'SIGSTOP' : 'SIGCONT');
  };
  // A held child left behind would hold its memory for ever: it goes on if this process exits first.
  const release = () => held && signal('SIGCONT');
  process.on('exit', release);

  const timer = setInterval(() => {
    const now = performance.now();
    const busy = performance.eventLoopUtilization(last).utilization > BUSY_UTILIZATION;
    last = performance.eventLoopUtilization();
    if (busy) busySince = now;
    const quiet = now - busySince >= QUIET_FOR_MS;
    if (held && (quiet || now - changedAt >= LONGEST_HOLD_MS)) {
      if (!quiet) runUntil = now + SHORTEST_RUN_MS;
      hold(false);
    } else if (!held && busy && now >= runUntil) hold(true);
  }, CHECK_EVERY_MS);
  timer.unref();

  return () => {
    clearInterval(timer);
    process.off('exit', release);
    if (held) hold(false);
  };
}
