import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to every response: the headers it sets and the ones it takes away (X-Powered-By). */
export interface SecurityHeaders {
  readonly set: ReadonlyArray<readonly [name: string, value: string]>;
  readonly removed: readonly string[];
  /** Puts them on a response, as helmet itself would. */
  apply(res: ServerResponse): void;
}

/**
 * Helmet's headers, worked out once. They depend on nothing in the request (no nonces are used),
 * while helmet's Fastify plugin built its middleware anew, parsing the whole policy, on every request.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): SecurityHeaders {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, String(value)]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw new Error('helmet refused its options', { cause: error });
  });
  return {
    set,
    removed,
    apply(res) {
      for (const name of removed) res.removeHeader(name);
      for (const [name, value] of set) res.setHeader(name, value);
    },
  };
}
