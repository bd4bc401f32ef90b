/**
 * One picture's processing as the outbox's worker runs it (processPicture, its renditions made in
 * the picture process), measured where the work is done: `node --import tsx
 * bench/media-process.ts DATA_DIR MEDIA_ID` prints one `BENCH_JSON` line with the picture
 * process's CPU time and peak memory, read from /proc before it ends.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { processPicture } from '../src/domain/media/processing.ts';
import { mediaServices } from '../src/media/services.ts';

/** Linux counts a process's CPU time in ticks of 1/100 s (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/** The picture process this one started (its parent is this process). */
function pictureProcess(): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === process.pid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('picture-process')) return Number(entry);
  }
  throw new Error('no picture process was found');
}

/** What the picture process has used so far: CPU time of all its threads, and memory (VmRSS now, VmHWM its peak), in MB. */
function usageOf(pid: number): { cpuMs: number; rssMb: number; peakRssMb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, the 14th and 15th fields of the whole line.
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 102.4) / 10;
  return { cpuMs, rssMb: mb('VmRSS'), peakRssMb: mb('VmHWM') };
}

const [dataDir, mediaId] = process.argv.slice(2);
const config = loadConfig({ BROADSHEET_DATA: dataDir!, BROADSHEET_DEMO: 'off' });
const runtime = await openRuntime(config);
const deps = { ...runtime.deps, media: mediaServices(config) };
try {
  // A tiny picture first starts the picture process, so that what follows is the photo's alone.
  await deps.media.tools.render(
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
    {
      type: 'png',
      focal: { x: 0.5, y: 0.5 },
      requests: [{ format: 'webp', width: 16 }],
    },
  );
  const pid = pictureProcess();
  const before = usageOf(pid);
  const started = performance.now();
  const item = await processPicture(deps, { mediaId: Number(mediaId) });
  const ms = Math.round(performance.now() - started);
  const after = usageOf(pid);
  if (item?.status !== 'ready') throw new Error(`picture ${mediaId} was not processed: ${item?.failure ?? 'not found'}`);
  const figures = {
    ms,
    cpuMs: Math.round(after.cpuMs - before.cpuMs),
    rssBeforeMb: before.rssMb,
    peakRssMb: after.peakRssMb,
    renditions: item.renditions.length,
  };
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
} finally {
  await runtime.close();
}
