/**
 * Writes the WordPress export (WXR 1.2) that the import benchmark reads: a newsroom with 100,000
 * posts and 500,000 comments by default, laid out as WordPress's Tools → Export writes it. It
 * streams, so the file's size does not matter, and it is seeded, so runs compare.
 *
 *   node --import tsx bench/wxr-generate.ts OUT.xml [--posts N] [--comments M]
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emptyTally, ItemWriter } from './import-wxr-items.ts';
import { planSite, scaledShape, WXR_SHAPE, type PostStatus, type WxrShape } from './import-wxr-plan.ts';
import { writeChannelHead, writeMenuItems, writePages } from './import-wxr-site.ts';
import type { Sink } from './import-wxr-xml.ts';
import { seededRandom } from './text.ts';

export { scaledShape, WXR_SHAPE, type WxrShape };

/** What the file holds, so the benchmark can check that the import brought every item over. */
export interface WxrStats {
  readonly bytes: number;
  readonly ms: number;
  readonly posts: Readonly<Record<PostStatus, number>>;
  readonly pages: number;
  readonly attachments: number;
  readonly featuredImages: number;
  /** Menu entries: items an importer is expected to skip. */
  readonly menuItems: number;
  readonly comments: { readonly approved: number; readonly pending: number; readonly spam: number; readonly replies: number };
}

/** Posts are spread over the ten years before the export; scheduled ones come after it. */
const START = Date.UTC(2016, 10, 1);
const EXPORTED_AT = Date.UTC(2026, 10, 1);

/** Gathers the many small strings of an item into writes of about 1 MiB, and waits while the disk is behind. */
class StreamSink implements Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: fs.WriteStream) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Writes the export of a site of the given shape to `file` and says what it holds. */
export async function generateWxr(file: string, shape: WxrShape = WXR_SHAPE): Promise<WxrStats> {
  const started = performance.now();
  const plan = planSite(shape);
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  const sink = new StreamSink(stream);
  const tally = emptyTally();
  try {
    await writeChannelHead(sink, plan, EXPORTED_AT);
    const content = seededRandom(shape.seed + 1);
    await writePages(sink, plan, content, START);
    const items = new ItemWriter(plan, sink, content, seededRandom(shape.seed + 2), tally, { start: START, exportedAt: EXPORTED_AT });
    for (let i = 0; i < shape.posts; i++) await items.item(i);
    await writeMenuItems(sink, plan, EXPORTED_AT);
    await sink.write('</channel>\n</rss>\n');
    await sink.close();
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return {
    bytes: fs.statSync(file).size,
    ms: Math.round(performance.now() - started),
    posts: tally.posts,
    pages: shape.pages,
    attachments: shape.attachments,
    featuredImages: tally.featuredImages,
    menuItems: plan.menuItemIds.length,
    comments: tally.comments,
  };
}

async function cli(): Promise<number> {
  const usage = 'Usage: node --import tsx bench/wxr-generate.ts OUT.xml [--posts N] [--comments M]';
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      posts: { type: 'string', default: String(WXR_SHAPE.posts) },
      comments: { type: 'string', default: String(WXR_SHAPE.comments) },
    },
  });
  const [out, ...extra] = positionals;
  const posts = Number(values.posts);
  const comments = Number(values.comments);
  if (!out || extra.length > 0 || !Number.isInteger(posts) || posts < 1 || !Number.isInteger(comments) || comments < 0) {
    console.error(usage);
    return 2;
  }
  const stats = await generateWxr(out, scaledShape(posts, comments));
  console.log(`Wrote ${out}: ${(stats.bytes / 1_048_576).toFixed(1)} MB in ${(stats.ms / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(stats, null, 2));
  return 0;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
