import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { authorize, type Actor } from '../shared/policy.ts';
import { removeUnusedRenditionFiles } from './library-files.ts';
import { CROPS, renditionFileName, responsiveRequests } from './pictures.ts';
import type { MediaDeps } from './ports.ts';
import type { MediaItem, Rendition, RenditionPurpose } from './repository.ts';
import type { RenditionRequest } from './storage.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Makes a picture's renditions from its kept original: every responsive width in AVIF, WebP and
 * JPEG, and the social and structured-data crops around its focal point, each named by a hash of its bytes; then
 * records them (the picture is ready) and removes the files of renditions no picture has any more. Run
 * by the outbox's worker off the request path, and by `broadsheet media reprocess`; running it
 * twice is harmless. A failure is recorded on the picture with its reason, then thrown, so the
 * outbox tries again later.
 */
export async function processPicture(deps: MediaDeps, input: { mediaId: number }): Promise<MediaItem | null> {
  const item = await deps.store.library.findById(input.mediaId);
  if (!item) return null;
  try {
    const original = await deps.media.storage.open('originals', item.originalKey);
    if (!original) throw new Error(`the original file (${item.originalKey}) is missing from media storage`);
    const wanted: Array<{ purpose: RenditionPurpose; request: RenditionRequest }> = [
      ...responsiveRequests(item.width).map((request) => ({ purpose: 'responsive' as const, request })),
      ...CROPS.map(({ purpose, format, width, height }) => ({ purpose, request: { format, width, height } })),
    ];
    const requests = wanted.map(({ request }) => request);
    const rendered = await deps.media.tools.render(await readAll(original.stream), { type: item.type, focal: item.focal, requests });
    const renditions: Rendition[] = [];
    for (const [index, { purpose, request }] of wanted.entries()) {
      const output = rendered.outputs[index]!;
      const hash = createHash('sha256').update(output.data).digest('hex').slice(0, 20);
      const fileName = renditionFileName({ width: output.width, height: output.height, format: request.format, hash });
      await deps.media.storage.put('renditions', fileName, { data: output.data });
      renditions.push({
        purpose,
        format: request.format,
        width: output.width,
        height: output.height,
        fileName,
        bytes: output.data.byteLength,
      });
    }
    const processed = { width: rendered.width, height: rendered.height, placeholder: rendered.placeholder, renditions };
    await deps.store.transaction((store) => store.library.recordProcessed(item.id, processed));
    await removeUnusedRenditionFiles(
      deps,
      item.renditions.map((old) => old.fileName),
    );
    return await deps.store.library.findById(item.id);
  } catch (error) {
    await deps.store.library.recordFailed(item.id, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** One picture's outcome in a re-processing run. */
export interface ReprocessStep {
  readonly done: number;
  readonly total: number;
  readonly mediaId: number;
  readonly item: MediaItem | null;
  readonly error: Error | null;
}

/**
 * Makes every upload's renditions again from its kept original, one picture at a time (each takes
 * a few hundred megabytes at most): after a change of widths or formats, or to bring back lost
 * files. A picture that fails is reported and the run goes on.
 */
export async function reprocessPictures(
  deps: MediaDeps,
  input: { actor: Actor; onStep?: (step: ReprocessStep) => void },
): Promise<{ processed: number; failed: number }> {
  authorize(input.actor, 'media.manage');
  const ids = await deps.store.library.listIds();
  let failed = 0;
  for (const [index, mediaId] of ids.entries()) {
    let item: MediaItem | null = null;
    let error: Error | null = null;
    try {
      item = await processPicture(deps, { mediaId });
    } catch (caught) {
      failed++;
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    input.onStep?.({ done: index + 1, total: ids.length, mediaId, item, error });
  }
  return { processed: ids.length - failed, failed };
}
