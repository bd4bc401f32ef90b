import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import type { Page } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { authorize, userIdOf, type Actor, type StaffActor } from '../shared/policy.ts';
import { EXTENSIONS, libraryAgrees, MEDIA_PROCESS_JOB, sniffPictureType } from './pictures.ts';
import type { MediaDeps, MediaStore } from './ports.ts';
import type { MediaItem, NewUpload, PictureType } from './repository.ts';
import type { MediaServices } from './storage.ts';

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

/** What the acceptance rules found in a file: its real type and its size once upright. */
export interface AcceptedPicture {
  readonly type: PictureType;
  readonly width: number;
  readonly height: number;
}

/**
 * The rules every picture passes before the library takes it, whether uploaded or brought home
 * from an old site: recognised by its content (never its name), within the size, side and pixel
 * limits, and readable by the image library as what its first bytes claim. A refusal is a
 * ValidationError on the upload form's field, its message written for the person who sent the file.
 */
export async function acceptPicture(media: MediaServices, file: UploadedFile | null): Promise<AcceptedPicture> {
  const { limits } = media;
  if (!file || (file.bytes === 0 && !file.truncated)) refuse('Choose a picture to upload.');
  if (file.truncated || file.bytes > limits.maxBytes) {
    refuse(`The file is larger than ${number(limits.maxBytes / 1_000_000)} MB, the most accepted. Save it smaller and upload it again.`);
  }
  const type = sniffPictureType(file.head);
  if (type === 'svg') refuse(`SVG drawings are not accepted: they can carry scripts. Export the drawing as PNG. ${ACCEPTED}`);
  if (type === null) refuse(`“${file.originalName}” is not a picture this site can use. ${ACCEPTED}`);
  const facts = await media.tools.inspect(file.path);
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
  return { type, width: facts.width, height: facts.height };
}

/**
 * Keeps an accepted file as a private original, then writes its row (through `record`) and the
 * job that makes its renditions in one transaction, so a picture is never left without its
 * processing (nor a job without its picture). The original is removed again if the transaction fails.
 */
async function keepOriginal(
  deps: MediaDeps,
  file: UploadedFile,
  accepted: AcceptedPicture,
  record: (store: MediaStore, upload: NewUpload) => Promise<number>,
  uploadedBy: number | null,
): Promise<MediaItem> {
  const createdAt = deps.clock.now();
  // A random key: the uploader's file name may be anything, and two uploads may share one.
  const month = createdAt.toISOString().slice(0, 7).replace('-', '/');
  const originalKey = `${month}/${randomUUID()}.${EXTENSIONS[accepted.type]}`;
  await deps.media.storage.put('originals', originalKey, { path: file.path });
  try {
    return await deps.store.transaction(async (store) => {
      const id = await record(store, {
        originalName: file.originalName.slice(0, 255),
        originalKey,
        type: accepted.type,
        byteSize: file.bytes,
        width: accepted.width,
        height: accepted.height,
        uploadedBy,
        createdAt,
      });
      await store.outbox.enqueue({ kind: MEDIA_PROCESS_JOB, payload: { mediaId: id } });
      return (await store.library.findById(id))!;
    });
  } catch (error) {
    await deps.media.storage.delete('originals', originalKey);
    throw error;
  }
}

/** Accepts a picture into the media library (see `acceptPicture` and `keepOriginal`). */
export async function uploadPicture(deps: MediaDeps, input: { actor: Actor; file: UploadedFile | null }): Promise<MediaItem> {
  authorize(input.actor, 'media.upload');
  const accepted = await acceptPicture(deps.media, input.file);
  return keepOriginal(deps, input.file!, accepted, (store, upload) => store.library.insertUpload(upload), userIdOf(input.actor));
}

/** An imported picture the library already holds: another run, or another process, brought it home first. */
export class AlreadyInLibraryError extends ConflictError {
  constructor(mediaId: number) {
    super(`picture ${mediaId} is no longer on the old site only: it is already in the library`);
  }
}

/**
 * Brings an imported picture (status `external`) into the library under the same id, so every
 * article that shows it keeps pointing at it: the file passes the same rules as an upload, its
 * original is kept, and the row becomes an upload being processed, with its job, in one transaction.
 */
export async function adoptExternalPicture(
  deps: MediaDeps,
  input: { actor: Actor; mediaId: number; file: UploadedFile },
): Promise<MediaItem> {
  authorize(input.actor, 'publication.import');
  const accepted = await acceptPicture(deps.media, input.file);
  return keepOriginal(
    deps,
    input.file,
    accepted,
    async (store, upload) => {
      if (!(await store.library.adoptExternal(input.mediaId, upload))) throw new AlreadyInLibraryError(input.mediaId);
      return input.mediaId;
    },
    null,
  );
}

/** The media library's page `page`, newest first. */
export async function listMediaLibrary(deps: MediaDeps, input: { actor: StaffActor; page: number }): Promise<Page<MediaItem>> {
  authorize(input.actor, 'media.upload');
  return pageOf(input.page, (limit, offset) => deps.store.library.list({ limit, offset }), MEDIA_PER_PAGE);
}
