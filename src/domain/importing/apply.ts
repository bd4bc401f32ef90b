import { findOrCreateAuthor } from '../people/authors.ts';
import { ConflictError } from '../shared/errors.ts';
import { isValidSlug, nameKey, slugify, uniqueSlug } from '../shared/slug.ts';
import { SITE_SETTING_PREFIX } from '../site/site-settings.ts';
import type { Deps, LegacyTargetKind, Store } from '../store.ts';
import { addTagAlias } from '../tags/tags.ts';
import { legacyPathKey } from './legacy-paths.ts';
import { applyEntries } from './apply-entries.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { ImportedAuthor, ImportedMedia, ImportedSettings, ImportedTag, ImportKind, ImportRecord, ImportSource } from './records.ts';
import { ImportReport } from './report.ts';

/** One import from start to finish: its source, what it has done so far, and its fallback byline. */
export interface ImportRun {
  readonly source: ImportSource;
  readonly report: ImportReport;
  /** The byline of entries whose author the file does not name. */
  readonly fallbackAuthor: string;
}

/**
 * Writes one batch of records in one transaction: all of it or, if anything fails (or the process
 * dies), none of it. Every record is matched with what an earlier run made of it: unchanged ones
 * are left alone, changed ones updated, new ones created. The run's report is only told once the
 * batch has committed, so it never counts what was rolled back.
 */
export async function applyImportBatch(deps: Deps, run: ImportRun, records: readonly ImportRecord[]): Promise<void> {
  const report = new ImportReport(run.source);
  await deps.store.transaction(async (store) => {
    const batch = new BatchContext(store, run, report, deps.clock.now());
    for (const record of records) if (record.kind === 'setting') await applySettings(batch, record);
    await applyAuthors(
      batch,
      records.filter((r): r is ImportedAuthor => r.kind === 'author'),
    );
    await applyTags(
      batch,
      records.filter((r): r is ImportedTag => r.kind === 'tag'),
    );
    await applyMedia(
      batch,
      records.filter((r): r is ImportedMedia => r.kind === 'media'),
    );
    await applyEntries(batch, records);
    await attachMediaToNewEntries(
      batch,
      records.filter((r): r is ImportedMedia => r.kind === 'media'),
    );
    for (const record of records) {
      if (record.kind !== 'skip') continue;
      report.skipped(record.of, record.note.code);
      report.note(record.of, record.externalId, record.title, record.note);
    }
    await batch.flush();
  });
  run.report.merge(report);
}

/** What the steps of one batch share: the transaction's store, the staged report, and pending writes. */
export class BatchContext {
  private readonly imported: Array<{ kind: ImportKind; externalId: string; localId: number; hash: string }> = [];
  private readonly redirects = new Map<string, { path: string; kind: LegacyTargetKind; id: number }>();

  constructor(
    readonly store: Store,
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

async function applySettings(batch: BatchContext, record: ImportedSettings): Promise<void> {
  for (const [key, value] of Object.entries(record.values)) {
    if (!key.startsWith(SITE_SETTING_PREFIX)) continue;
    const current = await batch.store.settings.get(key);
    if (current === value || (current !== null && record.onlyWhereUnset)) batch.report.skipped('setting', 'unchanged');
    else {
      await batch.store.settings.set(key, value);
      if (current === null) batch.report.created('setting');
      else batch.report.updated('setting');
    }
  }
}

async function applyAuthors(batch: BatchContext, authors: readonly ImportedAuthor[]): Promise<void> {
  const known = await batch.lookup(
    'author',
    authors.map((a) => a.externalId),
  );
  for (const author of authors) {
    const hash = fingerprintOf(author);
    const before = known.get(author.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('author', 'unchanged');
      continue;
    }
    let id = before?.localId;
    if (id !== undefined) {
      // A byline's name is how readers and staff know it; only the bio follows the source.
      await batch.store.authors.updateBio(id, author.bio);
      batch.report.updated('author');
    } else {
      id = (await existingOrNewAuthor(batch.store, author)).id;
      batch.report.created('author');
    }
    batch.remember('author', author.externalId, id, hash);
    batch.redirect(author.legacyPaths, 'author', id);
  }
  await batch.flush();
}

/** An author of the same name already here is the same person; otherwise a new one, on the slug they had. */
async function existingOrNewAuthor(store: Store, author: ImportedAuthor) {
  const name = author.name.trim().replace(/\s+/g, ' ') || author.externalId;
  const existing = await store.authors.findByName(name);
  if (existing) return existing;
  const wanted = author.slug ? slugify(author.slug) : '';
  if (wanted && !(await store.authors.findBySlug(wanted))) return store.authors.insert({ slug: wanted, name, bio: author.bio });
  return findOrCreateAuthor(store, name, author.bio);
}

async function applyTags(batch: BatchContext, tags: readonly ImportedTag[]): Promise<void> {
  const known = await batch.lookup(
    'tag',
    tags.map((t) => t.externalId),
  );
  const parents: Array<{ tagId: number; parentExternalId: string }> = [];
  for (const tag of tags) {
    const hash = fingerprintOf(tag);
    const before = known.get(tag.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('tag', 'unchanged');
      continue;
    }
    const id = before ? await updateTag(batch.store, before.localId, tag) : await existingOrNewTag(batch.store, tag);
    if (before) batch.report.updated('tag');
    else batch.report.created('tag');
    for (const alias of tag.aliases ?? []) {
      const target = await batch.store.tags.findById(id);
      if (!target) continue;
      await addTagAlias(batch.store, target, alias.name).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
      });
    }
    if (tag.parentExternalId !== null) parents.push({ tagId: id, parentExternalId: tag.parentExternalId });
    batch.remember('tag', tag.externalId, id, hash);
    batch.redirect(tag.legacyPaths, 'tag', id);
  }
  await batch.flush();
  // Parents normally come first in a file, but within a batch their order does not matter.
  const parentIds = await batch.localIds(
    'tag',
    parents.map((p) => p.parentExternalId),
  );
  for (const { tagId, parentExternalId } of parents) {
    const parentId = parentIds.get(parentExternalId);
    if (parentId !== undefined && parentId !== tagId) await batch.store.tags.setParent(tagId, parentId);
  }
}

/**
 * A tag of the same name or alias already here is the same tag (so "HKSAR" meets its canonical
 * tag); otherwise a new one, on the slug it had when that is free.
 */
async function existingOrNewTag(store: Store, tag: ImportedTag): Promise<number> {
  const name = tag.name.trim().replace(/\s+/g, ' ') || tag.externalId;
  const existing = await store.tags.findByNameOrAlias(name);
  if (existing) return existing.id;
  const wanted = tag.slug && isValidSlug(tag.slug) ? tag.slug : slugify(tag.slug ?? '') || slugify(name) || 'tag';
  const slug = await uniqueSlug(wanted, (candidate) => store.tags.isSlugTaken(candidate));
  const created = await store.tags.insert({ slug, name, description: tag.description, isSection: tag.isSection ?? false });
  return created.id;
}

async function updateTag(store: Store, id: number, tag: ImportedTag): Promise<number> {
  const current = await store.tags.findById(id);
  if (!current) return existingOrNewTag(store, tag);
  const holder = await store.tags.findByNameOrAlias(tag.name);
  const nameIsFree = !holder || holder.id === id || nameKey(holder.name) === nameKey(current.name);
  await store.tags.update(id, {
    ...(nameIsFree && tag.name.trim() ? { name: tag.name.trim() } : {}),
    description: tag.description,
    isSection: tag.isSection ?? current.isSection,
  });
  return id;
}

async function applyMedia(batch: BatchContext, media: readonly ImportedMedia[]): Promise<void> {
  const known = await batch.lookup(
    'media',
    media.map((m) => m.externalId),
  );
  const articles = await batch.localIds('article', [
    ...media.flatMap((m) => (m.attachedToExternalId ? [m.attachedToExternalId] : [])),
    ...media.flatMap((m) => m.featuredOnExternalIds),
  ]);
  for (const item of media) {
    const hash = fingerprintOf(item);
    const before = known.get(item.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('media', 'unchanged');
      continue;
    }
    const row = {
      url: item.url,
      title: item.title,
      alt: item.alt,
      caption: item.caption,
      mimeType: item.mimeType,
      articleId: item.attachedToExternalId ? (articles.get(item.attachedToExternalId) ?? null) : null,
      createdAt: item.createdAt,
    };
    const existing = before ? await batch.store.media.findById(before.localId) : null;
    const id = existing ? existing.id : await batch.store.media.insert(row);
    if (existing) await batch.store.media.update(id, row);
    if (existing) batch.report.updated('media');
    else batch.report.created('media');
    // An article that came earlier in the file is given its image now; a later one finds it itself.
    for (const post of item.featuredOnExternalIds) {
      const articleId = articles.get(post);
      if (articleId !== undefined) await batch.store.media.setArticleImage(articleId, id);
    }
    batch.remember('media', item.externalId, id, hash);
    batch.redirect(item.legacyPaths, 'media', id);
  }
  await batch.flush();
}

/**
 * Media uploaded to an article that this same batch created: when the media were applied the
 * article did not exist yet, so they are attached now.
 */
async function attachMediaToNewEntries(batch: BatchContext, media: readonly ImportedMedia[]): Promise<void> {
  const attached = media.filter((m) => m.attachedToExternalId !== null);
  if (attached.length === 0) return;
  const mediaIds = await batch.localIds(
    'media',
    attached.map((m) => m.externalId),
  );
  const articleIds = await batch.localIds(
    'article',
    attached.map((m) => m.attachedToExternalId!),
  );
  for (const item of attached) {
    const id = mediaIds.get(item.externalId);
    const articleId = articleIds.get(item.attachedToExternalId!);
    const stored = id === undefined ? null : await batch.store.media.findById(id);
    if (stored && articleId !== undefined && stored.articleId === null) await batch.store.media.update(stored.id, { ...stored, articleId });
  }
}
