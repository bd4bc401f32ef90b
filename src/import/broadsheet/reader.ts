import fs from 'node:fs/promises';
import {
  ImportFileError,
  type ImportedAuthor,
  type ImportedTag,
  type ImportPlan,
  type ImportReader,
  type ImportRecord,
  type ImportSource,
} from '../../domain/importing/records.ts';
import { SITE_SETTING_PREFIX } from '../../domain/site/site-settings.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../export/json-writer.ts';
import { scanJsonFile, type JsonPath } from '../json-rows.ts';
import { Fields } from './fields.ts';
import { articleRecord, authorRecord, mediaRecord, pageRecord, tagRecord } from './records.ts';

const ENTRIES: readonly JsonPath[] = [
  ['articles', '*'],
  ['pages', '*'],
];

/**
 * Reads a file written by `broadsheet export` (docs/export-format.md). The file is streamed, never
 * held whole: a first pass takes the short lists (settings, authors, tags) and which article leads
 * with which image; a second the articles and pages one by one; a third the media, last so that
 * the articles they were uploaded to are already there.
 */
export function broadsheetReader(file: string): ImportReader {
  return {
    async check(): Promise<ImportPlan> {
      let source: ImportSource | null = null;
      let entries = 0;
      const scan = scanJsonFile(file, {
        select: [['broadsheet'], ['settings'], ['authors', '*'], ['tags', '*'], ['media', '*'], ...ENTRIES],
      });
      for await (const { path, value } of scan) {
        const [list] = path;
        if (list === 'broadsheet') source = sourceOf(value);
        else if (list === 'settings') settingsOf(value);
        else if (list === 'authors') authorRecord(value, path);
        else if (list === 'tags') tagRecord(value, path);
        else if (list === 'media') mediaRecord(value, path, []);
        else {
          if (list === 'articles') articleRecord(value, path, 'check');
          else pageRecord(value, path, 'check');
          entries++;
        }
      }
      if (!source) throw new ImportFileError('no broadsheet.format: this is not a Broadsheet export', null);
      return { source, totalBytes: (await fs.stat(file)).size, entries };
    },

    async *read(onProgress?: (bytesRead: number) => void): AsyncGenerator<ImportRecord> {
      let settings: Record<string, string> = {};
      const authors: ImportedAuthor[] = [];
      const tags: ImportedTag[] = [];
      const articleIds: number[] = [];
      const imageIds: number[] = [];
      const scan = scanJsonFile(file, {
        select: [['broadsheet'], ['settings'], ['authors', '*'], ['tags', '*'], ['articles', '*', 'id'], ['articles', '*', 'imageId']],
      });
      for await (const { path, value } of scan) {
        const [list, index] = path;
        if (list === 'broadsheet') sourceOf(value);
        else if (list === 'settings') settings = settingsOf(value);
        else if (list === 'authors') authors.push(authorRecord(value, path));
        else if (list === 'tags') tags.push(tagRecord(value, path));
        else if (path[2] === 'id') articleIds[index as number] = value as number;
        else if (typeof value === 'number') imageIds[index as number] = value;
      }
      const leadImages = new Map<number, number[]>();
      imageIds.forEach((imageId, index) => {
        const articleId = articleIds[index];
        if (articleId !== undefined) leadImages.set(imageId, [...(leadImages.get(imageId) ?? []), articleId]);
      });
      yield { kind: 'setting', values: settings };
      yield* authors;
      yield* parentsFirst(tags);
      const entries = scanJsonFile(file, { select: ENTRIES, ...(onProgress ? { onProgress } : {}) });
      for await (const { path, value } of entries) {
        yield path[0] === 'articles' ? articleRecord(value, path, 'read') : pageRecord(value, path, 'read');
      }
      for await (const { path, value } of scanJsonFile(file, { select: [['media', '*']] })) {
        yield mediaRecord(value, path, leadImages.get(new Fields(value, path).id('id')) ?? []);
      }
    },
  };
}

/** The header: a Broadsheet export, of a version this Broadsheet reads, from a site it names. */
function sourceOf(value: unknown): ImportSource {
  const header = new Fields(value, ['broadsheet']);
  if (header.raw('format') !== EXPORT_FORMAT) {
    throw new ImportFileError(`broadsheet.format is not "${EXPORT_FORMAT}": this is not a Broadsheet export`, {
      path: 'broadsheet.format',
    });
  }
  const version = header.raw('version');
  if (version !== EXPORT_VERSION) {
    throw new ImportFileError(
      `this file is version ${JSON.stringify(version)} of Broadsheet's export format, and this Broadsheet reads version ${EXPORT_VERSION}: ` +
        'import it with the Broadsheet that wrote it, or a newer one',
      { path: 'broadsheet.version' },
    );
  }
  const siteUrl = header.text('siteUrl').replace(/\/+$/, '');
  return { key: `broadsheet:${siteUrl}`, label: `Broadsheet site ${siteUrl}` };
}

/** Only the site's own settings (`site.*`) travel; anything else in the object is ignored. */
function settingsOf(value: unknown): Record<string, string> {
  const settings = new Fields(value, ['settings']);
  const values: Record<string, string> = {};
  for (const key of Object.keys(value as object)) {
    if (key.startsWith(SITE_SETTING_PREFIX)) values[key] = settings.text(key);
  }
  return values;
}

/** Tags as listed, except that a parent always comes before the tags under it. */
function parentsFirst(tags: readonly ImportedTag[]): ImportedTag[] {
  const byId = new Map(tags.map((tag) => [tag.externalId, tag]));
  const ordered: ImportedTag[] = [];
  const placed = new Set<string>();
  const place = (tag: ImportedTag, path: ReadonlySet<string>): void => {
    if (placed.has(tag.externalId) || path.has(tag.externalId)) return;
    const parent = tag.parentExternalId === null ? undefined : byId.get(tag.parentExternalId);
    if (parent) place(parent, new Set([...path, tag.externalId]));
    placed.add(tag.externalId);
    ordered.push(tag);
  };
  for (const tag of tags) place(tag, new Set());
  return ordered;
}
