import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import type { Page } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { authorize, userIdOf, type Actor, type StaffActor } from '../shared/policy.ts';
import { EXTENSIONS, libraryAgrees, MEDIA_PROCESS_JOB, sniffPictureType } from './pictures.ts';
import type { MediaDeps, MediaStore } from './ports.ts';
import type { LibraryEntry, ReplacedOriginal } from './library-ports.ts';
import type { MediaItem, PictureType } from './repository.ts';

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

/** A file that passed every check: its type by its content, and its size once upright. */
export interface AcceptedPicture {
  readonly file: UploadedFile;
  readonly type: PictureType;
  readonly width: number;
  readonly height: number;
}

/**
 * The checks every file entering the library passes, a new upload or one replacing a picture's
 * file: present, within the byte limit, recognised by its content (never its name or the type the
 * browser claims), readable by the image library as that type, and within the size limits. Each
 * refusal is a ValidationError on the form's `file` field.
 */
export async function checkPicture(deps: MediaDeps, file: UploadedFile | null): Promise<AcceptedPicture> {
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
  return { file, type, width: facts.width, height: facts.height };
}

/**
 * Moves an accepted file into the private originals, under a random key (the uploader's file name
 * may be anything, and two uploads may share one), and returns what its media row records.
 */
export async function storeOriginal(deps: MediaDeps, picture: AcceptedPicture, at: Date): Promise<ReplacedOriginal> {
  const month = at.toISOString().slice(0, 7).replace('-', '/');
  const originalKey = `${month}/${randomUUID()}.${EXTENSIONS[picture.type]}`;
  await deps.media.storage.put('originals', originalKey, { path: picture.file.path });
  return {
    originalName: picture.file.originalName.slice(0, 255),
    originalKey,
    type: picture.type,
    byteSize: picture.file.bytes,
    width: picture.width,
    height: picture.height,
  };
}

/**
 * Keeps a checked picture's original, then writes its media row with `record` (which returns the
 * row's id) and the job that makes its renditions in one transaction, so a picture is never left
 * without its processing, nor a job without its picture. The kept file goes again if that fails.
 * Returns the picture as the transaction left it, and what `record` found.
 */
export async function recordPicture<Found>(
  deps: MediaDeps,
  picture: AcceptedPicture,
  record: (store: MediaStore, original: ReplacedOriginal, createdAt: Date) => Promise<{ mediaId: number; found: Found }>,
): Promise<{ item: MediaItem; found: Found; originalKey: string }> {
  const createdAt = deps.clock.now();
  const original = await storeOriginal(deps, picture, createdAt);
  try {
    return await deps.store.transaction(async (store) => {
      const { mediaId, found } = await record(store, original, createdAt);
      await store.outbox.enqueue({ kind: MEDIA_PROCESS_JOB, payload: { mediaId } });
      return { item: (await store.library.findById(mediaId))!, found, originalKey: original.originalKey };
    });
  } catch (error) {
    await deps.media.storage.delete('originals', original.originalKey);
    throw error;
  }
}

/** Accepts a picture into the media library: checked by `checkPicture`, and recorded by `recordPicture`. */
export async function uploadPicture(deps: MediaDeps, input: { actor: Actor; file: UploadedFile | null }): Promise<MediaItem> {
  authorize(input.actor, 'media.upload');
  const picture = await checkPicture(deps, input.file);
  const { item } = await recordPicture(deps, picture, async (store, original, createdAt) => ({
    mediaId: await store.library.insertUpload({ ...original, uploadedBy: userIdOf(input.actor), createdAt }),
    found: null,
  }));
  return item;
}

/** Longest search the library takes: more is no file name, alt text or caption anybody types. */
const QUERY_LENGTH = 200;

/** The media library's page `page`, newest first: every upload, or those whose name, alt text, caption or credit contains `query`. */
export async function listMediaLibrary(
  deps: MediaDeps,
  input: { actor: StaffActor; page: number; query?: string },
): Promise<Page<LibraryEntry>> {
  authorize(input.actor, 'media.upload');
  const query = (input.query ?? '').trim().slice(0, QUERY_LENGTH);
  return pageOf(input.page, (limit, offset) => deps.store.library.search({ query, limit, offset }), MEDIA_PER_PAGE);
}

/** An imported picture the library already holds: another run, or another process, brought it home first. */
export class AlreadyInLibraryError extends ConflictError {
  constructor(mediaId: number) {
    super(`picture ${mediaId} is no longer on the old site only: it is already in the library`);
  }
}

/**
 * Brings an imported picture (status `external`) into the library under the same id, so every
 * article that shows it keeps pointing at it: the file passes the same checks as an upload, its
 * original is kept, and the row becomes an upload being processed, with its job, in one transaction.
 */
export async function adoptExternalPicture(
  deps: MediaDeps,
  input: { actor: Actor; mediaId: number; file: UploadedFile },
): Promise<MediaItem> {
  authorize(input.actor, 'publication.import');
  const picture = await checkPicture(deps, input.file);
  const { item } = await recordPicture(deps, picture, async (store, original, createdAt) => {
    if (!(await store.library.adoptExternal(input.mediaId, { ...original, uploadedBy: null, createdAt })))
      throw new AlreadyInLibraryError(input.mediaId);
    return { mediaId: input.mediaId, found: null };
  });
  return item;
}
