import { performance } from 'node:perf_hooks';

/** The share of the last moment this process's event loop spent working above which it is serving at full stretch. */
const BUSY_UTILIZATION = 0.5;
/** Often, so that a burst of readers finds the picture process waiting within a few hundredths of a second. */
const CHECK_EVERY_MS = 25;
/** A held picture goes on only after this long of quiet: a lull between two bursts of requests is not one. */
const QUIET_FOR_MS = 500;
/** However busy the server stays, a held picture goes on after this long… */
const LONGEST_HOLD_MS = 20_000;
/** …for at least this long, so that pictures are still made at a quarter of the pace under a load that never ends. */
const SHORTEST_RUN_MS = 5_000;

/**
 * Tells `hold(true)` while this process's event loop is busy serving, and `hold(false)` when
 * serving quietens, for the picture process to wait meanwhile. Even at the lowest scheduling
 * priority a process encoding a photo took half the article page's throughput on the shared
 * two-core machine (its cores are not the host's alone), so the server keeps the processor to
 * itself while readers want it. Returns the function that stops watching, and lets go.
 */
export function holdWhileServingIsBusy(hold: (held: boolean) => void): () => void {
  let held = false;
  let changedAt = performance.now();
  let runUntil = 0;
  let busySince = 0;
  let last = performance.eventLoopUtilization();
  const set = (on: boolean) => {
    held = on;
    changedAt = performance.now();
    hold(on);
  };

  const timer = setInterval(() => {
    const now = performance.now();
    const busy = performance.eventLoopUtilization(last).utilization > BUSY_UTILIZATION;
    last = performance.eventLoopUtilization();
    if (busy) busySince = now;
    const quiet = now - busySince >= QUIET_FOR_MS;
    if (held && (quiet || now - changedAt >= LONGEST_HOLD_MS)) {
      if (!quiet) runUntil = now + SHORTEST_RUN_MS;
      set(false);
    } else if (!held && busy && now >= runUntil) set(true);
  }, CHECK_EVERY_MS);
  timer.unref();

  return () => {
    clearInterval(timer);
    if (held) set(false);
  };
}
