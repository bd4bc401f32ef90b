/**
 * The article page's p99 while the server processes uploads: `broadsheet serve` (its own process,
 * its outbox worker inside it) on the served part's publication; the article page under load
 * alone, then again straight after ten photos of 12 to 24 megapixels are sent through the
 * newsroom's upload form, while the worker makes their renditions one at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { signInAdministrator } from './generate.ts';
import { buildAsInstalled } from './import-run.ts';
import { makeBenchPhoto } from './media-photo.ts';
import { prepareServedSite } from './served-site.ts';
import { startBroadsheet, type ServerUnderTest } from './served-process.ts';
import { SERVED } from './served.ts';
import { runLoad, type LoadFigures } from './wrk.ts';

const UPLOADS = 10;
/** 24, 16 and 12 megapixels, sent in turn. */
const SIZES = [
  [6000, 4000],
  [4896, 3264],
  [4000, 3000],
] as const;
const SECONDS = Number(process.env['MEDIA_SERVED_SECONDS'] ?? 10);

export interface UploadsWhileServing {
  readonly uploads: number;
  readonly seconds: number;
  readonly baseline: LoadFigures;
  readonly during: LoadFigures;
  readonly p99Ratio: number;
  /** Pictures ready when the run under uploads ended. */
  readonly processedDuring: number;
  /** Pictures ready in the end. */
  readonly processed: number;
  /** From the last upload's answer to the last picture ready, ms. */
  readonly allReadyMs: number;
  readonly peakRssMb: number;
}

export async function benchUploadsWhileServing(): Promise<UploadsWhileServing> {
  buildAsInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-media-served-'));
  let server: ServerUnderTest | undefined;
  try {
    console.log(`Media served: generating the publication and ${SIZES.length} photos in ${dir} …`);
    const site = await prepareServedSite(dir, new Date());
    const config = loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' });
    const runtime = await openRuntime(config);
    const { cookie } = await signInAdministrator(runtime).finally(() => runtime.close());
    const photos = await Promise.all(
      SIZES.map(async ([width, height], index) => {
        const file = path.join(dir, `photo-${index}.jpg`);
        await makeBenchPhoto(file, width, height, 40 + index * 90);
        return file;
      }),
    );

    server = await startBroadsheet(dir);
    const url = server.url + site.pages.article;
    await runLoad({ url, connections: SERVED.connections, seconds: SERVED.warmupSeconds });
    const baseline = await runLoad({ url, connections: SERVED.connections, seconds: SECONDS });
    server.takePeakRssMb();

    for (let n = 0; n < UPLOADS; n += 1) await upload(server.url, cookie!, photos[n % photos.length]!);
    const uploaded = performance.now();
    const during = await runLoad({ url, connections: SERVED.connections, seconds: SECONDS });
    const processedDuring = await countReady(dir);
    let processed = processedDuring;
    while (processed < UPLOADS && performance.now() - uploaded < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      processed = await countReady(dir);
    }
    return {
      uploads: UPLOADS,
      seconds: SECONDS,
      baseline,
      during,
      p99Ratio: Math.round((during.p99Ms / baseline.p99Ms) * 100) / 100,
      processedDuring,
      processed,
      allReadyMs: Math.round(performance.now() - uploaded),
      peakRssMb: server.takePeakRssMb(),
    };
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One photo through the media library's form, as a browser sends it: the page's CSRF token, multipart. */
async function upload(base: string, sessionCookie: string, file: string): Promise<void> {
  const page = await fetch(`${base}/admin/media`, { headers: { cookie: sessionCookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`the media library page had no upload form (${page.status})`);
  const cookies = [sessionCookie, ...page.headers.getSetCookie().map((header) => header.split(';')[0]!)].join('; ');
  const form = new FormData();
  form.set('_csrf', token);
  form.set('file', new Blob([fs.readFileSync(file)], { type: 'image/jpeg' }), path.basename(file));
  const response = await fetch(`${base}/admin/media`, { method: 'POST', body: form, headers: { cookie: cookies }, redirect: 'manual' });
  if (response.status !== 303) throw new Error(`the upload was refused (${response.status}): ${(await response.text()).slice(0, 500)}`);
}

async function countReady(dir: string): Promise<number> {
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' }));
  try {
    const { n } = await runtime.db
      .selectFrom('media')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'ready')
      .executeTakeFirstOrThrow();
    return Number(n);
  } finally {
    await runtime.close();
  }
}
