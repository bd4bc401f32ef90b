import { DomainError } from '../shared/errors.ts';
import type { ArticleStatus, BodyFormat, CommentStatus, SitePageStatus } from '../shared/model.ts';

/**
 * What every importer hands to `applyImportBatch`, whatever the file it read: WordPress WXR, a
 * Ghost export, or Broadsheet's own export. Readers turn their format into these records; the
 * applier alone decides what is created, updated or left alone, so every source gets the same
 * guarantees (idempotence, one transaction per batch, the report).
 *
 * Every record carries the id it had in the source (`externalId`); together with the source's
 * key it identifies the record across runs of the same import.
 */

/** Where records come from. `key` must be stable across exports of the same site. */
export interface ImportSource {
  /** e.g. "wordpress:https://old.example.com" or "ghost:https://ghost.example.com". */
  readonly key: string;
  /** How the report names it: "WordPress site https://old.example.com". */
  readonly label: string;
}

export type ImportKind = 'setting' | 'author' | 'tag' | 'media' | 'article' | 'page' | 'comment';
export const IMPORT_KINDS: readonly ImportKind[] = ['setting', 'author', 'tag', 'media', 'article', 'page', 'comment'];

/**
 * Why something was left out or changed on the way in. Codes are stable (the JSON report uses
 * them); `detail` says which, e.g. the shortcode's name.
 */
export type ImportNoteCode =
  | 'unchanged' // skipped: the same as at the last import
  | 'trash' // skipped: in the source's trash
  | 'auto_draft' // skipped: an empty draft WordPress made by itself
  | 'unsupported_type' // skipped: a revision, menu item, pingback… (detail names the type)
  | 'password_protected' // imported unpublished: readers cannot see it until an editor decides
  | 'private' // imported unpublished: it was private
  | 'pending_review' // imported as a draft: it was waiting for review
  | 'members_only' // imported unpublished: only a Ghost site's members could read it
  | 'unknown_shortcode' // kept as visible text (detail: the shortcode's name)
  | 'slug_taken' // given another slug (detail: the slug it wanted)
  | 'missing_parent' // a comment whose parent was not imported became a top-level comment
  | 'missing_author' // credited to the fallback author (detail: the author id in the source)
  | 'website_dropped' // a comment kept without its website: not an http or https address (detail: the address)
  | 'body_empty'; // a post without any body text

export interface ImportNote {
  readonly code: ImportNoteCode;
  readonly detail?: string;
}

export interface ImportedSettings {
  readonly kind: 'setting';
  /** Only `site.*` keys are applied. */
  readonly values: Readonly<Record<string, string>>;
  /** Leaves a setting the publication already has alone (another system's site name, say). */
  readonly onlyWhereUnset?: boolean;
}

/** Set by `withFingerprints` in the reading thread; worked out by the applier when absent. */
interface Fingerprinted {
  readonly fingerprint?: string;
}

export interface ImportedAuthor extends Fingerprinted {
  readonly kind: 'author';
  readonly externalId: string;
  readonly name: string;
  /** Preferred slug (WordPress's user_nicename, Ghost's slug); another is found if it is taken. */
  readonly slug: string | null;
  readonly bio: string;
  /** The old site's address of the author's page, for a redirect (e.g. "/author/jane/"). */
  readonly legacyPaths: readonly string[];
}

export interface ImportedTag extends Fingerprinted {
  readonly kind: 'tag';
  readonly externalId: string;
  readonly name: string;
  readonly slug: string | null;
  readonly description: string;
  /** The parent category's externalId; it must come earlier in the stream. */
  readonly parentExternalId: string | null;
  readonly isSection?: boolean;
  /** Other names readers know the tag by (Broadsheet's own exports). */
  readonly aliases?: ReadonlyArray<{ readonly name: string; readonly slug: string }>;
  readonly legacyPaths: readonly string[];
}

export interface ImportedMedia extends Fingerprinted {
  readonly kind: 'media';
  readonly externalId: string;
  readonly url: string;
  readonly title: string;
  readonly alt: string;
  readonly caption: string;
  readonly mimeType: string;
  /** The post it was uploaded to (WordPress's post_parent). */
  readonly attachedToExternalId: string | null;
  /** Posts whose featured image it is; they may come before or after it in the stream. */
  readonly featuredOnExternalIds: readonly string[];
  readonly createdAt: Date;
  readonly legacyPaths: readonly string[];
}

export interface ImportedComment extends Fingerprinted {
  readonly externalId: string;
  /** Another comment of the same post; null for a top-level comment. */
  readonly parentExternalId: string | null;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorUrl: string | null;
  /** The commenter's IP address, stored only as a salted hash. */
  readonly clientAddress: string | null;
  /** A hash made earlier (Broadsheet's own exports), kept as it is when there is no address. */
  readonly clientAddressHash?: string;
  /** The text as the commenter wrote it. */
  readonly bodySource: string;
  /** Already sanitized for the page (see `renderImportedComment`). */
  readonly bodyHtml: string;
  readonly status: CommentStatus;
  readonly createdAt: Date;
  readonly editedAt?: Date | null;
  readonly notes: readonly ImportNote[];
}

interface ImportedEntry extends Fingerprinted {
  readonly externalId: string;
  readonly slug: string | null;
  readonly bodySource: string;
  readonly bodyFormat: BodyFormat;
  /** `renderArticleBody(bodySource, bodyFormat)`, computed by the reader. */
  readonly bodyHtml: string;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** null: the import's fallback author. */
  readonly authorExternalId: string | null;
  /** The old site's addresses of this entry ("/2024/05/harbour-swim/", "?p=123"). */
  readonly legacyPaths: readonly string[];
  readonly notes: readonly ImportNote[];
}

export interface ImportedArticle extends ImportedEntry {
  readonly kind: 'article';
  readonly headline: string;
  readonly standfirst: string;
  readonly status: ArticleStatus;
  readonly tagExternalIds: readonly string[];
  readonly featuredMediaExternalId: string | null;
  readonly featured: boolean;
  readonly commentsOpen: boolean;
  readonly language: string | null;
  /** Former slugs that still lead here (Broadsheet's own exports). */
  readonly oldSlugs: readonly string[];
  readonly corrections: ReadonlyArray<{ readonly body: string; readonly createdAt: Date }>;
  /** In an order where every parent comes before its replies. */
  readonly comments: readonly ImportedComment[];
}

export interface ImportedPage extends ImportedEntry {
  readonly kind: 'page';
  readonly title: string;
  readonly status: SitePageStatus;
}

/** Something the source has that is deliberately not brought over; it is only counted and reported. */
export interface ImportedSkip {
  readonly kind: 'skip';
  readonly of: ImportKind;
  readonly externalId: string;
  readonly title: string;
  readonly note: ImportNote;
}

export type ImportRecord = ImportedSettings | ImportedAuthor | ImportedTag | ImportedMedia | ImportedArticle | ImportedPage | ImportedSkip;

/** Where in a file something is: a line and column of XML, or a path into JSON. */
export type FilePlace = { readonly line: number; readonly column: number } | { readonly path: string };

export function describePlace(place: FilePlace): string {
  return 'path' in place ? `at ${place.path}` : `at line ${place.line}, column ${place.column}`;
}

/**
 * A file that cannot be imported: not the format it should be, cut short, or with an item that
 * breaks a rule. Thrown before anything is written.
 */
export class ImportFileError extends DomainError {
  readonly code = 'invalid';
  constructor(
    readonly problem: string,
    readonly place: FilePlace | null,
  ) {
    super(place ? `${problem} (${describePlace(place)})` : problem);
    this.name = 'ImportFileError';
  }
}

/**
 * A reader of one file format. `check` reads the whole file once without writing anything and
 * throws ImportFileError at the first problem; `read` then streams the records in file order.
 */
export interface ImportReader {
  check(): Promise<ImportPlan>;
  /** `onProgress` gets the bytes read so far; the plan says how many there are in all. */
  read(onProgress?: (bytesRead: number) => void): AsyncIterable<ImportRecord>;
}

export interface ImportPlan {
  readonly source: ImportSource;
  readonly totalBytes: number;
  /** How many posts and pages the file holds, for the progress line. */
  readonly entries: number;
}
