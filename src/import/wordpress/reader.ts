import type {
  ImportedArticle,
  ImportedPage,
  ImportedSettings,
  ImportPlan,
  ImportReader,
  ImportRecord,
} from '../../domain/importing/records.ts';
import { checkWxr } from './check.ts';
import { itemRecords } from './entries.ts';
import type { WxrFacts } from './facts.ts';
import { authorRecord, creatorRecord, itemTagId, termRecord, undeclaredTagRecord } from './terms.ts';
import { singleLine } from './text.ts';
import { scanWxr } from './wxr-stream.ts';
import { ownCopy, type WxrChannel, type WxrEntity, type WxrItem } from './wxr.ts';

/**
 * Reads a WordPress export (WXR 1.0, 1.1 or 1.2) in two streaming passes: `check` validates the
 * whole file and learns the links that point forward in it; `read` then yields the records in
 * file order. Memory stays flat whatever the file's size.
 *
 * @example
 * const reader = wordpressReader('export.xml');
 * const plan = await reader.check(); // throws ImportFileError naming the line and column
 * for await (const record of reader.read((bytes) => bar.update(bytes / plan.totalBytes))) batch.push(record);
 */
export function wordpressReader(file: string): ImportReader {
  let checked: Promise<WxrFacts> | null = null;
  const facts = () => (checked ??= checkWxr(file));
  return {
    async check(): Promise<ImportPlan> {
      const { source, totalBytes, entries } = await facts();
      return { source, totalBytes, entries };
    },
    read(onProgress?: (bytesRead: number) => void): AsyncIterable<ImportRecord> {
      return readRecords(file, facts, onProgress);
    },
  };
}

async function* readRecords(
  file: string,
  facts: () => Promise<WxrFacts>,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<ImportRecord> {
  const records = new RecordMapper(await facts());
  for await (const entity of scanWxr(file, onProgress)) yield* records.of(entity);
}

/**
 * Turns the scanner's entities into records. Remembers which authors and tags it has emitted
 * (a few hundred names), so that those an item names without the channel declaring them are
 * emitted once, just before the first item that needs them.
 */
class RecordMapper {
  private readonly authors = new Set<string>();
  private readonly tags = new Set<string>();

  constructor(private readonly facts: WxrFacts) {}

  of(entity: WxrEntity): ImportRecord[] {
    switch (entity.kind) {
      case 'channel':
        return [siteRecord(entity)];
      case 'author': {
        const login = entity.login.trim();
        if (!login || this.authors.has(login)) return [];
        this.authors.add(ownCopy(login));
        return [authorRecord(entity)];
      }
      case 'term': {
        const record = termRecord(entity, this.facts.categoryParents);
        if (record.kind === 'skip') return [record];
        if (this.tags.has(record.externalId)) return [];
        this.tags.add(ownCopy(record.externalId));
        return [record];
      }
      case 'item': {
        const records = itemRecords(entity, this.facts);
        const entry = records[0];
        return entry?.kind === 'article' || entry?.kind === 'page' ? [...this.undeclared(entity, entry), ...records] : records;
      }
    }
  }

  private undeclared(item: WxrItem, entry: ImportedArticle | ImportedPage): ImportRecord[] {
    const records: ImportRecord[] = [];
    const login = entry.authorExternalId;
    if (login && !this.authors.has(login)) {
      this.authors.add(ownCopy(login));
      records.push(creatorRecord(login));
    }
    if (entry.kind !== 'article') return records;
    for (const term of item.terms) {
      const id = itemTagId(term);
      if (id === null || this.tags.has(id)) continue;
      this.tags.add(ownCopy(id));
      records.push(undeclaredTagRecord(term, this.facts.categoryParents));
    }
    return records;
  }
}

/**
 * The site's name and tagline, for a publication that has not set its own: importing into an
 * existing one never renames it.
 */
function siteRecord(channel: WxrChannel): ImportedSettings {
  const values: Record<string, string> = {};
  if (channel.title.trim()) values['site.title'] = singleLine(channel.title);
  if (channel.description.trim()) values['site.description'] = singleLine(channel.description);
  return { kind: 'setting', values, onlyWhereUnset: true };
}
