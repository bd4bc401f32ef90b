/**
 * One thing `/readyz` asks before it says the process may take traffic: the database answers,
 * its migrations are current; later a Redis ping. `check` resolves to `ok`, or to a short
 * description of what is wrong (`2 pending`); a rejection's message is the description. Neither
 * may carry a secret (a connection string, a password): the answer goes to whoever asks.
 */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<string>;
}

export interface Readiness {
  readonly ready: boolean;
  /** Each check's result by its name: `ok` or what is wrong. */
  readonly checks: Readonly<Record<string, string>>;
}

/** A check that has not answered in this long has failed: a load balancer's own probe times out soon after. */
const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check at once; the process is ready when each says `ok`. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(checks.map(async (check) => [check.name, await resultOf(check)] as const));
  return { ready: results.every(([, result]) => result === 'ok'), checks: Object.fromEntries(results) };
}

async function resultOf(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.check(), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
