/**
 * The `served` part's load generator when `wrk` is not installed: autocannon in a Node process of
 * its own, given a LoadJob (wrk.ts) as JSON on the command line, printing the figures as one line.
 */
import autocannon from 'autocannon';
import type { LoadJob } from './wrk.ts';

const job = JSON.parse(process.argv[2]!) as LoadJob & { timeoutSeconds: number };

// A fresh process per run: numbered from a million of its own, like wrk.ts's runs.
let n = (process.pid % 15) * 1_000_000;
/** The same unique author, email, text and address per POST as wrk.ts's Lua script. */
function nextPost(base: string) {
  n++;
  const address = `10.${(Math.floor(n / 62_500) % 250) + 1}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  const body =
    `${base}&author=Bench+reader+${n}&email=reader${n}%40bench.example` +
    `&comment=Reader+${n}+asks+when+the+harbour+survey+${n * 7919}+will+be+published.`;
  return { body, address };
}

const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  timeout: job.timeoutSeconds,
  ...(job.post
    ? {
        requests: [
          {
            method: 'POST' as const,
            setupRequest: (request: autocannon.Request) => {
              const { body, address } = nextPost(job.post!.body);
              return {
                ...request,
                body,
                headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
              };
            },
          },
        ],
      }
    : {}),
});

const badStatus = Object.entries(result.statusCodeStats ?? {}).reduce(
  (sum, [status, stats]) => sum + (Number(status) >= 400 ? (stats?.count ?? 0) : 0),
  0,
);
console.log(
  `BENCH_JSON ${JSON.stringify({
    requests: result.requests.total,
    requestsPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    badStatus,
    timeouts: result.timeouts,
    socketErrors: result.errors - result.timeouts,
  })}`,
);
