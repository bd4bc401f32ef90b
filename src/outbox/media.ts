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

/** Makes an upload's renditions off the request path; a picture deleted before its turn is simply skipped. */
export function mediaHandlers(deps: MediaDeps): Map<string, OutboxHandler> {
  return new Map<string, OutboxHandler>([
    [
      MEDIA_PROCESS_JOB,
      async (job) => {
        await processPicture(deps, { mediaId: mediaIdOf(job.payload) });
      },
    ],
  ]);
}
