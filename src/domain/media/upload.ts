import { randomUUID } from 'node:crypto';
import { ValidationError } from '../shared/errors.ts';
import type { Page } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { authorize, userIdOf, type Actor, type StaffActor } from '../shared/policy.ts';
import { EXTENSIONS, libraryAgrees, MEDIA_PROCESS_JOB, sniffPictureType } from './pictures.ts';
import type { MediaDeps } from './ports.ts';
import type { MediaItem, NewUpload } from './repository.ts';

/** A file as the upload form delivered it: written to a temporary file, never held whole in memory. */
export interface UploadedFile {
  /** The temporary file; the use case moves it into storage when it accepts it. */
  readonly path: string;
  readonly originalName: string;
  readonly bytes: number;
  /** The file was longer than the byte limit; only its start was written. */
  readonly truncated: boolean;
  /** Its first bytes, as sent, to recognise its type. */
  readonly head: Uint8Array;
}

/** The field of the upload form every refusal is shown beside. */
const FIELD = 'file';
const ACCEPTED = 'Upload a JPEG, PNG, WebP, AVIF or GIF picture.';

export const MEDIA_PER_PAGE = 24;

function refuse(message: string): never {
  throw new ValidationError({ [FIELD]: message });
}

const number = (value: number) => value.toLocaleString('en');

/**
 * Accepts a picture into the media library: recognised by its content, within the limits, its
 * original kept privately, and its row and the job that makes its renditions written in one
 * transaction, so a picture is never left without its processing (nor a job without its picture).
 */
export async function uploadPicture(
  deps: MediaDeps,
  input: { actor: Actor; file: UploadedFile | null; text?: Pick<NewUpload, 'alt' | 'caption' | 'credit'> },
): Promise<MediaItem> {
  authorize(input.actor, 'media.upload');
  const { file } = input;
  const { limits } = deps.media;
  if (!file || (file.bytes === 0 && !file.truncated)) refuse('Choose a picture to upload.');
  if (file.truncated || file.bytes > limits.maxBytes) {
    refuse(`The file is larger than ${number(limits.maxBytes / 1_000_000)} MB, the most accepted. Save it smaller and upload it again.`);
  }
  const type = sniffPictureType(file.head);
  if (type === 'svg') refuse(`SVG drawings are not accepted: they can carry scripts. Export the drawing as PNG. ${ACCEPTED}`);
  if (type === null) refuse(`“${file.originalName}” is not a picture this site can use. ${ACCEPTED}`);
  const facts = await deps.media.tools.inspect(file.path);
  if (!facts || !libraryAgrees(type, facts))
    refuse(`“${file.originalName}” could not be read as a picture: it may be damaged. ${ACCEPTED}`);
  if (facts.width > limits.maxSide || facts.height > limits.maxSide) {
    refuse(
      `The picture is ${number(facts.width)} × ${number(facts.height)} pixels; each side may be at most ${number(limits.maxSide)}. Make it smaller and upload it again.`,
    );
  }
  if (facts.width * facts.height > limits.maxPixels) {
    const megapixels = (facts.width * facts.height) / 1_000_000;
    refuse(
      `The picture has ${megapixels.toFixed(1)} megapixels; the most accepted is ${number(limits.maxPixels / 1_000_000)}. Make it smaller and upload it again.`,
    );
  }

  const createdAt = deps.clock.now();
  // A random key: the uploader's file name may be anything, and two uploads may share one.
  const month = createdAt.toISOString().slice(0, 7).replace('-', '/');
  const originalKey = `${month}/${randomUUID()}.${EXTENSIONS[type]}`;
  await deps.media.storage.put('originals', originalKey, { path: file.path });
  try {
    return await deps.store.transaction(async (store) => {
      const id = await store.library.insertUpload({
        originalName: file.originalName.slice(0, 255),
        originalKey,
        type,
        byteSize: file.bytes,
        width: facts.width,
        height: facts.height,
        uploadedBy: userIdOf(input.actor),
        createdAt,
        ...input.text,
      });
      await store.outbox.enqueue({ kind: MEDIA_PROCESS_JOB, payload: { mediaId: id } });
      return (await store.library.findById(id))!;
    });
  } catch (error) {
    await deps.media.storage.delete('originals', originalKey);
    throw error;
  }
}

/** The media library's page `page`, newest first. */
export async function listMediaLibrary(deps: MediaDeps, input: { actor: StaffActor; page: number }): Promise<Page<MediaItem>> {
  authorize(input.actor, 'media.upload');
  return pageOf(input.page, (limit, offset) => deps.store.library.list({ limit, offset }), MEDIA_PER_PAGE);
}
