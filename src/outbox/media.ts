import { MEDIA_PROCESS_JOB } from '../domain/media/pictures.ts';
import type { MediaDeps } from '../domain/media/ports.ts';
import { processPicture } from '../domain/media/processing.ts';
import type { OutboxHandler } from './worker.ts';

/** The id of the picture a `media.process` job names, or an error for a payload that is not one (the job then fails, listed). */
function mediaIdOf(payload: Readonly<Record<string, unknown>>): number {
  const { mediaId } = payload;
  if (typeof mediaId !== 'number' || !Number.isInteger(mediaId)) throw new Error('a media.process job must carry its mediaId as a number');
  return mediaId;
}

/**
 * Makes an upload's renditions off the request path; a picture deleted before its turn is simply
 * skipped. The worker runs a round's jobs side by side, but pictures go one at a time: each holds
 * its decoded pixels (about 200 MB for 50 megapixels) and keeps libvips' threads busy, and ten at
 * once would take gigabytes and every core from the pages being served.
 */
export function mediaHandlers(deps: MediaDeps): Map<string, OutboxHandler> {
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = (work: () => Promise<unknown>): Promise<unknown> => {
    const turn = previous.then(work, work);
    previous = turn.catch(() => undefined);
    return turn;
  };
  return new Map<string, OutboxHandler>([
    [
      MEDIA_PROCESS_JOB,
      async (job) => {
        const mediaId = mediaIdOf(job.payload);
        await oneAtATime(() => processPicture(deps, { mediaId }));
      },
    ],
  ]);
}
