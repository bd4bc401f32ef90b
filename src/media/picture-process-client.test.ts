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
    const rendering = tools.render(await photo(6000, 4000), input);
    const [running] = pictureProcesses();
    const states = new Set<string>();
    // A second of a server at full stretch: the event loop works 90 ms in every 100.
    const busyUntil = performance.now() + 1000;
    while (performance.now() < busyUntil) {
      const sliceEnd = performance.now() + 90;
      while (performance.now() < sliceEnd);
      states.add(statFields(`/proc/${running!.pid}/stat`)[0]!);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // T: stopped.
    expect(states).toContain('T');
    expect(await rendering).toMatchObject({ width: 6000, height: 4000 });
  });
});
