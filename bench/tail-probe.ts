/**
 * Loaded into a server with `--import` to see where its tail latency goes (bench/README.md, "The
 * tail"): event-loop delay (monitorEventLoopDelay), garbage-collection pauses, how long each
 * request spends inside the process (from its parsed headers to its last byte), and how many
 * connections the server accepted. `kill -USR2 PID` appends a JSON line of the figures since the
 * last signal to the file named by TAIL_PROBE_OUT and starts again. Changes nothing else.
 */
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHistogram, monitorEventLoopDelay, PerformanceObserver, type RecordableHistogram } from 'node:perf_hooks';

const out = process.env.TAIL_PROBE_OUT ?? 'tail-probe.jsonl';
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let inProcess: RecordableHistogram = createHistogram();
let gc: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
let accepted = 0;
let inFlight = 0;
let maxInFlight = 0;

const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = GC_KINDS[(entry as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? 0] ?? 'other';
    const seen = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    seen.count++;
    seen.totalMs += entry.duration;
    seen.maxMs = Math.max(seen.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

dc.subscribe('net.server.socket', () => accepted++);
dc.subscribe('http.server.request.start', (message) => {
  const { response } = message as { request: IncomingMessage; response: ServerResponse };
  const start = process.hrtime.bigint();
  maxInFlight = Math.max(maxInFlight, ++inFlight);
  response.once('close', () => {
    inFlight--;
    inProcess.record(Math.max(1, Math.round(Number(process.hrtime.bigint() - start) / 1000)));
  });
});

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
process.on('SIGUSR2', () => {
  const us = (n: number) => Math.round(n / 10) / 100;
  const line = {
    at: new Date().toISOString(),
    eventLoopDelayMs: { p50: ms(loop.percentile(50)), p90: ms(loop.percentile(90)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    inProcessMs: {
      count: inProcess.count,
      p50: us(inProcess.percentile(50)),
      p90: us(inProcess.percentile(90)),
      p99: us(inProcess.percentile(99)),
      max: us(inProcess.max),
    },
    gc: Object.fromEntries(
      Object.entries(gc).map(([k, v]) => [k, { ...v, totalMs: Math.round(v.totalMs), maxMs: Math.round(v.maxMs * 10) / 10 }]),
    ),
    accepted,
    maxInFlight,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
  };
  fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  loop.reset();
  inProcess = createHistogram();
  gc = {};
  accepted = 0;
  maxInFlight = inFlight;
});
