import { refreshBodiesShowing } from '../domain/articles/body-pictures.ts';
import type { ArticlesDeps } from '../domain/articles/ports.ts';
import { refreshPagesShowing } from '../domain/pages/pages.ts';
import type { PagesDeps } from '../domain/pages/ports.ts';
import { MEDIA_CHANGED_JOB } from '../domain/media/pictures.ts';
import type { OutboxHandler } from './worker.ts';

/** The id of the picture a `media.changed` job names, or an error for a payload that is not one (the job then fails, listed). */
function mediaIdOf(payload: Readonly<Record<string, unknown>>): number {
  const { mediaId } = payload;
  if (typeof mediaId !== 'number' || !Number.isInteger(mediaId)) throw new Error('a media.changed job must carry its mediaId as a number');
  return mediaId;
}

/** Carries a picture's change into the article and page bodies that show it. Needs no service, so every installation runs it. */
export function mediaChangedHandlers(deps: ArticlesDeps & PagesDeps): Map<string, OutboxHandler> {
  return new Map<string, OutboxHandler>([
    [
      MEDIA_CHANGED_JOB,
      async (job) => {
        const mediaId = mediaIdOf(job.payload);
        await refreshBodiesShowing(deps, { mediaId });
        await refreshPagesShowing(deps, { mediaId });
      },
    ],
  ]);
}
