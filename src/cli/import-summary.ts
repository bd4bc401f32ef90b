import { IMPORT_KINDS, type ImportKind, type ImportNoteCode } from '../domain/importing/records.ts';
import type { ImportReport } from '../domain/importing/report.ts';

const KIND_NAMES: Record<ImportKind, string> = {
  setting: 'Settings',
  author: 'Authors',
  tag: 'Tags',
  media: 'Media',
  article: 'Articles',
  page: 'Pages',
  comment: 'Comments',
};

/** How the summary words each reason; the JSON report keeps the codes. */
export const NOTE_TEXT: Record<ImportNoteCode, string> = {
  unchanged: 'unchanged since the last import',
  trash: 'in the trash',
  auto_draft: 'empty automatic drafts',
  unsupported_type: 'of a kind Broadsheet does not import',
  password_protected: 'password-protected: imported unpublished',
  private: 'private: imported unpublished',
  pending_review: 'pending review: imported as drafts',
  members_only: 'for members only: imported unpublished',
  unknown_shortcode: 'unknown shortcodes left as text',
  slug_taken: 'given another slug (theirs was taken)',
  missing_parent: 'replies to a comment not imported: now top-level',
  missing_author: 'author not in the file: credited to the fallback byline',
  website_dropped: 'commenter websites left out: not an http or https address',
  body_empty: 'without body text',
};

/** Past this many, notes are only counted on screen (the JSON report lists them). */
const NOTES_ON_SCREEN = 20;

/** The plain summary printed at the end of an import. */
export function summariseReport(report: ImportReport): string[] {
  const lines = [`Imported from ${report.source.label}:`];
  for (const kind of IMPORT_KINDS) {
    const { created, updated, skipped, skippedBecause } = report.counts[kind];
    if (created + updated + skipped === 0) continue;
    const why = Object.entries(skippedBecause)
      .map(([code, n]) => `${n.toLocaleString('en')} ${NOTE_TEXT[code as ImportNoteCode]}`)
      .join('; ');
    lines.push(
      `  ${KIND_NAMES[kind].padEnd(9)} ${created.toLocaleString('en')} created, ${updated.toLocaleString('en')} updated, ` +
        `${skipped.toLocaleString('en')} skipped${why ? ` (${why})` : ''}`,
    );
  }
  if (!report.changedAnything) lines.push('  Nothing changed: the publication already matches this file.');
  lines.push(...summarisePictures(report));
  const notes = report.notes.filter((note) => note.code !== 'unchanged');
  if (notes.length > 0) {
    lines.push('Worth a look:');
    for (const note of notes.slice(0, NOTES_ON_SCREEN)) {
      lines.push(
        `  ${KIND_NAMES[note.kind].replace(/s$/, '')} ${note.externalId} "${note.title}": ${NOTE_TEXT[note.code]}${note.detail ? ` (${note.detail})` : ''}`,
      );
    }
    const more = notes.length - NOTES_ON_SCREEN + report.notesLeftOut;
    if (more > 0) lines.push(`  … and ${more.toLocaleString('en')} more (see --report FILE for all of them)`);
  }
  return lines;
}

/** What bringing the pictures home did; every picture not found is listed, with why. */
function summarisePictures(report: ImportReport): string[] {
  const { pictures } = report;
  if (!pictures) return [];
  const lines = [
    `  Pictures  ${pictures.broughtHome.toLocaleString('en')} brought into the media library, ${pictures.notFound.length.toLocaleString('en')} not found` +
      (pictures.bodiesRewritten > 0 ? `; ${pictures.bodiesRewritten.toLocaleString('en')} bodies now show library pictures` : ''),
  ];
  if (pictures.notFound.length > 0) {
    lines.push('Pictures left on the old site (run the same command again to try them again):');
    for (const { url, reason } of pictures.notFound.slice(0, NOTES_ON_SCREEN)) lines.push(`  ${url}: ${reason}`);
    const more = pictures.notFound.length - NOTES_ON_SCREEN;
    if (more > 0) lines.push(`  … and ${more.toLocaleString('en')} more (see --report FILE for all of them)`);
  }
  return lines;
}
