import { findOrCreateAuthor } from '../people/authors.ts';
import { legacyPathKey } from './legacy-paths.ts';
import type { ImportingStore } from './ports.ts';
import type { ImportKind, ImportSource } from './records.ts';
import type { ImportReport } from './report.ts';
import type { LegacyTargetKind } from './repository.ts';
import { type Actor } from '../shared/policy.ts';

/** One import from start to finish: its source, what it has done so far, and its fallback byline. */
export interface ImportRun {
  /** Who imports: the console operator, for `broadsheet import`. */
  readonly actor: Actor;
  readonly source: ImportSource;
  readonly report: ImportReport;
  /** The byline of entries whose author the file does not name. */
  readonly fallbackAuthor: string;
}

/** What the steps of one batch share: the transaction's store, the staged report, and pending writes. */
export class BatchContext {
  private readonly imported: Array<{ kind: ImportKind; externalId: string; localId: number; hash: string }> = [];
  private readonly redirects = new Map<string, { path: string; kind: LegacyTargetKind; id: number }>();

  constructor(
    readonly store: ImportingStore,
    readonly run: ImportRun,
    readonly report: ImportReport,
    readonly now: Date,
  ) {}

  get source(): string {
    return this.run.source.key;
  }

  /** What earlier batches and runs made of these records. */
  lookup(kind: ImportKind, externalIds: readonly string[]) {
    return this.store.imports.findImported(this.source, kind, [...new Set(externalIds)]);
  }

  /** The local ids of records of one kind, for references; unknown ones are absent. */
  async localIds(kind: ImportKind, externalIds: readonly string[]): Promise<Map<string, number>> {
    const found = await this.lookup(kind, externalIds);
    return new Map([...found].map(([externalId, { localId }]) => [externalId, localId]));
  }

  /** Remembers what a record became; written before the next step looks it up. */
  remember(kind: ImportKind, externalId: string, localId: number, hash: string): void {
    this.imported.push({ kind, externalId, localId, hash });
  }

  redirect(addresses: readonly string[], kind: LegacyTargetKind, id: number): void {
    for (const address of addresses) {
      const path = legacyPathKey(address);
      if (path) this.redirects.set(path, { path, kind, id });
    }
  }

  async flush(): Promise<void> {
    await this.store.imports.recordImported(this.source, this.imported.splice(0));
    await this.store.redirects.put([...this.redirects.values()]);
    this.redirects.clear();
  }

  async fallbackAuthorId(): Promise<number> {
    return (await findOrCreateAuthor(this.store, this.run.fallbackAuthor)).id;
  }
}
