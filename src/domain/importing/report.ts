import { IMPORT_KINDS, type ImportKind, type ImportNote, type ImportNoteCode, type ImportSource } from './records.ts';

export interface KindCounts {
  created: number;
  updated: number;
  skipped: number;
  /** Why the skipped ones were skipped, by note code. */
  skippedBecause: Partial<Record<ImportNoteCode, number>>;
}

/** One thing worth a person's attention: a post kept unpublished, a shortcode left as text… */
export interface ReportedNote extends ImportNote {
  readonly kind: ImportKind;
  readonly externalId: string;
  readonly title: string;
}

/**
 * A copy of `text` that shares no memory with the string it came from. A reader's strings are
 * often slices of the megabyte of file text they were parsed from, and V8 keeps that whole
 * chunk alive as long as the slice lives: a few thousand kept titles would keep the file.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** What bringing an import's pictures into the media library did (`--media-from`, `--fetch-media`). */
export interface PicturesReport {
  readonly broughtHome: number;
  /** Each picture still on the old site after this run: its old address and why. */
  readonly notFound: ReadonlyArray<{ readonly url: string; readonly reason: string }>;
  readonly bodiesRewritten: number;
}

/** Past this many notes only the counts go on: a report must not grow with a 500 MB file. */
const MAX_NOTES = 5_000;

/**
 * What an import did, item by item kind: created, updated, or skipped and why. The CLI prints it
 * and `--report FILE` saves `toJSON()`.
 */
export class ImportReport {
  readonly counts: Record<ImportKind, KindCounts>;
  readonly notes: ReportedNote[] = [];
  /** Notes by code, including those past MAX_NOTES. */
  readonly noteCounts: Partial<Record<ImportNoteCode, number>> = {};
  notesLeftOut = 0;
  /** Null unless the import was asked to bring its pictures home. */
  pictures: PicturesReport | null = null;

  constructor(readonly source: ImportSource) {
    this.counts = Object.fromEntries(
      IMPORT_KINDS.map((kind) => [kind, { created: 0, updated: 0, skipped: 0, skippedBecause: {} }]),
    ) as Record<ImportKind, KindCounts>;
  }

  created(kind: ImportKind): void {
    this.counts[kind].created++;
  }

  updated(kind: ImportKind): void {
    this.counts[kind].updated++;
  }

  skipped(kind: ImportKind, code: ImportNoteCode): void {
    const counts = this.counts[kind];
    counts.skipped++;
    counts.skippedBecause[code] = (counts.skippedBecause[code] ?? 0) + 1;
  }

  note(kind: ImportKind, externalId: string, title: string, note: ImportNote): void {
    this.noteCounts[note.code] = (this.noteCounts[note.code] ?? 0) + 1;
    if (this.notes.length >= MAX_NOTES) this.notesLeftOut++;
    else {
      const kept: ReportedNote = { kind, externalId: detached(externalId), title: detached(title), code: note.code };
      this.notes.push(note.detail === undefined ? kept : { ...kept, detail: detached(note.detail) });
    }
  }

  /** Adds what a committed batch did. */
  merge(batch: ImportReport): void {
    for (const kind of IMPORT_KINDS) {
      const mine = this.counts[kind];
      const theirs = batch.counts[kind];
      mine.created += theirs.created;
      mine.updated += theirs.updated;
      mine.skipped += theirs.skipped;
      for (const [code, n] of Object.entries(theirs.skippedBecause) as Array<[ImportNoteCode, number]>) {
        mine.skippedBecause[code] = (mine.skippedBecause[code] ?? 0) + n;
      }
    }
    for (const [code, n] of Object.entries(batch.noteCounts) as Array<[ImportNoteCode, number]>) {
      this.noteCounts[code] = (this.noteCounts[code] ?? 0) + n;
    }
    const room = Math.max(0, MAX_NOTES - this.notes.length);
    this.notes.push(...batch.notes.slice(0, room));
    this.notesLeftOut += batch.notesLeftOut + Math.max(0, batch.notes.length - room);
  }

  /** Whether the import wrote anything at all. */
  get changedAnything(): boolean {
    return IMPORT_KINDS.some((kind) => this.counts[kind].created + this.counts[kind].updated > 0);
  }

  toJSON() {
    return {
      source: this.source,
      counts: this.counts,
      noteCounts: this.noteCounts,
      notes: this.notes,
      notesLeftOut: this.notesLeftOut,
      ...(this.pictures ? { pictures: this.pictures } : {}),
    };
  }
}
