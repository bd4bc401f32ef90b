import fs from 'node:fs/promises';
import { ImportFileError, type ImportPlan, type ImportReader, type ImportRecord } from '../../domain/importing/records.ts';
import { scanJsonFile, type JsonPath } from '../json-rows.ts';
import { checkPost, recordsOfPost } from './posts.ts';
import { GhostSite, RELATION_TABLES, type RelationTable } from './site.ts';

/**
 * Where the tables are: Ghost's Settings → Export writes `{ db: [ { meta, data } ] }`; Ghost 0.x
 * and some migration tools write `{ meta, data }`.
 */
const LAYOUTS: readonly JsonPath[] = [['db', 0, 'data'], ['data']];
const POSTS = LAYOUTS.map((data) => [...data, 'posts']);

/**
 * Reads the JSON file of Ghost's Settings → Export (Ghost 0.x to 5.x) as import records. The file
 * is streamed twice, and never held in memory: once for the small tables (tags, users, which post
 * has which tags and authors), then for the posts one by one. Bodies come from the `html` Ghost
 * rendered from its Lexical or mobiledoc documents.
 */
export function ghostReader(file: string): ImportReader {
  return {
    async check(): Promise<ImportPlan> {
      const site = new GhostSite();
      let entries = 0;
      let hasPosts = false;
      const scan = scanJsonFile(file, {
        select: [...POSTS.map((posts) => [...posts, '*']), ...relationSelectors()],
        watch: POSTS,
        onContainer: () => (hasPosts = true),
      });
      for await (const { path, value } of scan) {
        if (tableOf(path) === 'posts') {
          const { id } = checkPost(value, path);
          site.firstPostId ??= id;
          entries++;
        } else site.add(tableOf(path) as RelationTable, value, path);
      }
      if (!hasPosts) throw new ImportFileError('no db[0].data.posts: this is not a Ghost export', null);
      return { source: site.source(), totalBytes: (await fs.stat(file)).size, entries };
    },

    async *read(onProgress?: (bytesRead: number) => void): AsyncGenerator<ImportRecord> {
      const site = new GhostSite();
      for await (const { path, value } of scanJsonFile(file, { select: [...relationSelectors(), ...POSTS.map((p) => [...p, 0])] })) {
        const table = tableOf(path);
        if (table === 'posts') site.firstPostId ??= checkPost(value, path).id;
        else site.add(table as RelationTable, value, path);
      }
      yield* site.authorRecords();
      yield* site.tagRecords();
      const posts = scanJsonFile(file, { select: POSTS.map((p) => [...p, '*']), ...(onProgress ? { onProgress } : {}) });
      for await (const { path, value } of posts) yield* recordsOfPost(value, path, site);
    },
  };
}

function relationSelectors(): JsonPath[] {
  return LAYOUTS.flatMap((data) => RELATION_TABLES.map((table) => [...data, table, '*']));
}

/** The table a row belongs to: the key before its index. */
function tableOf(path: JsonPath): string {
  return String(path[path.length - 2]);
}
