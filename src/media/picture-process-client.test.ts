import { spawn } from 'node:child_process';
import fs from 'node:fs';
import process from 'node:process';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inPictureProcess } from './picture-process-client.ts';
import { sharpPictureTools } from './sharp-images.ts';

const tools = inPictureProcess(sharpPictureTools());
const input = {
  type: 'jpeg',
  focal: { x: 0.5, y: 0.5 },
  requests: [
    { format: 'webp', width: 320 },
    { format: 'jpeg', width: 1200, height: 630 },
  ],
} as const;

/** A photo with a gradient, so that encoding it takes a moment. */
function photo(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f2a541"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** The fields of a /proc stat line after the command's name in parentheses: state, ppid, … */
function statFields(file: string): string[] {
  const stat = fs.readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The processes this one started whose command line names the picture process, with the nice value of each of their threads, as `ps -L` shows them. */
function pictureProcesses(): Array<{ pid: number; nice: number[] }> {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(`/proc/${entry}/stat`)[1]) !== process.pid) continue;
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('picture-process')) continue;
      // nice is the 19th field of the whole line.
      const nice = fs.readdirSync(`/proc/${entry}/task`).map((thread) => Number(statFields(`/proc/${entry}/task/${thread}/stat`)[16]));
      found.push({ pid: Number(entry), nice });
    } catch {
      // A process that ended while it was being read.
    }
  }
  return found;
}

describe.runIf(process.platform === 'linux')('the picture process', () => {
  it('makes the renditions in a process of its own, at the lowest priority', async () => {
    const picture = await tools.render(await photo(1600, 1000), input);

    expect(picture).toMatchObject({ width: 1600, height: 1000, placeholder: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(picture.outputs.map(({ width, height }) => [width, height])).toEqual([
      [320, 200],
      [1200, 630],
    ]);
    expect((await sharp(picture.outputs[0]!.data).metadata()).format).toBe('webp');
    const children = pictureProcesses();
    expect(children).toHaveLength(1);
    // Every thread, libvips' workers among them.
    expect(children[0]!.nice.length).toBeGreaterThan(4);
    expect(new Set(children[0]!.nice)).toEqual(new Set([19]));
  });

  it('fails the picture in hand when the process dies, and starts another for the next', async () => {
    const big = await photo(6000, 4000);
    await tools.render(await photo(100, 100), input);
    const [running] = pictureProcesses();
    const rendering = tools.render(big, input);
    process.kill(running!.pid, 'SIGKILL');

    await expect(rendering).rejects.toThrow('the picture process stopped (SIGKILL)');
    const again = await tools.render(big, input);
    expect(again).toMatchObject({ width: 6000, height: 4000 });
    expect(pictureProcesses().map(({ pid }) => pid)).not.toContain(running!.pid);
  });

  it('holds the picture in hand while this process is busy serving, and makes it once serving quietens', async () => {
    const many = { ...input, requests: [320, 640, 960, 1280, 1920].map((width) => ({ format: 'avif' as const, width })) };
    const original = await photo(4000, 3000);
    const started = performance.now();
    await tools.render(original, many);
    const alone = performance.now() - started;

    let madeAt = 0;
    const rendering = tools.render(original, many).then((picture) => {
      madeAt = performance.now();
      return picture;
    });
    // A server at full stretch, for three times as long as the picture took alone: the event loop works 90 ms in every 100.
    const busyUntil = performance.now() + Math.max(3000, 3 * alone);
    while (performance.now() < busyUntil) {
      const sliceEnd = performance.now() + 90;
      while (performance.now() < sliceEnd);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(madeAt).toBe(0);
    expect(await rendering).toMatchObject({ width: 4000, height: 3000 });
    expect(madeAt).toBeGreaterThan(busyUntil);
  });

  it('never outlives its server, even one killed while it held the picture process', async () => {
    const client = new URL('./picture-process-client.ts', import.meta.url).href;
    const images = new URL('./sharp-images.ts', import.meta.url).href;
    // A server of its own: it starts a picture, then keeps its event loop busy, holding it, until killed.
    const script = `
      import sharp from 'sharp';
      const { inPictureProcess } = await import(${JSON.stringify(client)});
      const { sharpPictureTools } = await import(${JSON.stringify(images)});
      const original = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#336699' } }).jpeg().toBuffer();
      void inPictureProcess(sharpPictureTools()).render(original, ${JSON.stringify({ ...input, requests: [{ format: 'avif', width: 1920 }] })});
      const spin = () => { const end = performance.now() + 90; while (performance.now() < end); setTimeout(spin, 10); };
      spin();
      console.log('serving');`;
    const server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const childrenOf = (pid: number) =>
      fs.readdirSync('/proc').filter((entry) => {
        try {
          return /^\d+$/.test(entry) && Number(statFields(`/proc/${entry}/stat`)[1]) === pid;
        } catch {
          return false;
        }
      });
    const [pictureProcess] = childrenOf(server.pid!);
    expect(pictureProcess).toBeDefined();

    server.kill('SIGKILL');
    const deadline = performance.now() + 10_000;
    while (fs.existsSync(`/proc/${pictureProcess}`) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.existsSync(`/proc/${pictureProcess}`)).toBe(false);
  });
});
