/**
 * One picture's processing in a process of its own, as the outbox's worker runs it
 * (processPicture with sharp), so that its peak memory is the process's own: `node --import tsx
 * bench/media-process.ts DATA_DIR MEDIA_ID` prints one `BENCH_JSON` line.
 */
import fs from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { processPicture } from '../src/domain/media/processing.ts';
import { mediaServices } from '../src/media/services.ts';

/** A figure of /proc/self/status, in MB: VmRSS now, VmHWM the highest it has been. */
function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

const [dataDir, mediaId] = process.argv.slice(2);
const config = loadConfig({ BROADSHEET_DATA: dataDir!, BROADSHEET_DEMO: 'off' });
const runtime = await openRuntime(config);
try {
  const deps = { ...runtime.deps, media: mediaServices(config) };
  const rssBeforeMb = statusMb('VmRSS');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const item = await processPicture(deps, { mediaId: Number(mediaId) });
  const ms = Math.round(performance.now() - started);
  // Every thread's CPU time (libvips encodes on threads of its own): what the picture costs whatever else the machine runs.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  if (item?.status !== 'ready') throw new Error(`picture ${mediaId} was not processed: ${item?.failure ?? 'not found'}`);
  console.log(`BENCH_JSON ${JSON.stringify({ ms, cpuMs, rssBeforeMb, peakRssMb: statusMb('VmHWM'), renditions: item.renditions.length })}`);
} finally {
  await runtime.close();
}
