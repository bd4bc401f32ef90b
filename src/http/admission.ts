/**
 * Fair admission of requests, the cure for the one-second tail (bench/README.md, "The tail").
 *
 * libuv accepts one new connection per turn of the event loop, and a busy server's turn runs every
 * request that is ready: with 50 connections at 1.25 ms a page, a turn lasts 60 ms, so the 50th
 * connection of a burst waited about 1.6 s to be accepted while the first ones were served again
 * and again. Here a turn starts requests for at most `budgetMs`; the rest wait, first come first
 * served, for the next turns, and each turn lets the loop accept one more connection. Only the
 * start of a request is gated: one that waits for real I/O does not hold others back.
 */
export interface Admission {
  /** Resolves when the request may start; undefined when it may start now. */
  admit(): Promise<void> | undefined;
}

export function fairAdmission(budgetMs = 2, now: () => number = () => performance.now()): Admission {
  const waiting: Array<() => void> = [];
  let turnStart = -1;
  /** Whether this turn of the loop still has time for a request; the first call opens the turn. */
  const inTurn = () => {
    const at = now();
    if (turnStart < 0) {
      turnStart = at;
      setImmediate(() => (turnStart = -1));
    }
    return at - turnStart < budgetMs;
  };
  // One release per waiting request, each its own immediate: the microtasks of the request let go
  // before it (the whole page, since better-sqlite3 answers synchronously) run before the next is weighed.
  const release = () => {
    if (waiting.length === 0) return;
    if (inTurn()) waiting.shift()!();
    else setImmediate(release); // the next turn, after the loop has polled (and accepted) again
  };
  return {
    admit() {
      if (waiting.length === 0 && inTurn()) return undefined;
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        setImmediate(release);
      });
    },
  };
}
