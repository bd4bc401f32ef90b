import type { Config } from '../config.ts';
import { bringMediaHome, type FetchedPicture, type PictureOrigin } from '../domain/importing/media-home.ts';
import type { PicturesReport } from '../domain/importing/report.ts';
import type { Deps } from '../domain/store.ts';
import { consoleOperator } from '../domain/shared/policy.ts';
import { folderPictureOrigin } from '../media/folder-origin.ts';
import { httpPictureOrigin } from '../media/http-origin.ts';
import { mediaServices } from '../media/services.ts';
import type { PictureSources } from './import-messages.ts';

/**
 * The origins asked for, tried in turn for each picture: the copied folder first (it costs the
 * old site nothing), then the picture's own address. The reasons of all are kept.
 */
function originOf(config: Config, sources: PictureSources): PictureOrigin {
  const origins: PictureOrigin[] = [];
  const { limits, fetch } = config.media;
  if (sources.folder) origins.push(folderPictureOrigin({ ...sources.folder, maxBytes: limits.maxBytes }));
  if (sources.fetch) origins.push(httpPictureOrigin({ maxBytes: limits.maxBytes, ...fetch }));
  return {
    async fetch(url) {
      const reasons: string[] = [];
      for (const origin of origins) {
        const fetched: FetchedPicture = await origin.fetch(url);
        if (fetched.found) return fetched;
        reasons.push(fetched.reason);
      }
      return { found: false, reason: reasons.join('; ') };
    },
  };
}

/** Brings an import's pictures into the media library; the writing thread runs it once the entries are in. */
export async function bringPicturesHome(
  config: Config,
  deps: Deps,
  input: { source: string; sources: PictureSources; onProgress: (done: number, total: number) => void; shouldStop: () => boolean },
): Promise<PicturesReport & { stopped: boolean }> {
  const outcome = await bringMediaHome(
    { ...deps, media: mediaServices(config) },
    {
      actor: consoleOperator,
      source: input.source,
      origin: originOf(config, input.sources),
      onProgress: input.onProgress,
      shouldStop: input.shouldStop,
    },
  );
  return {
    broughtHome: outcome.broughtHome,
    notFound: outcome.notFound.map(({ url, reason }) => ({ url, reason })),
    bodiesRewritten: outcome.bodiesRewritten,
    stopped: outcome.stopped,
  };
}
