import { sql } from 'kysely';
import type { Tag, TagAlias } from '../../domain/shared/model.ts';
import { nameKey } from '../../domain/shared/slug.ts';
import type { DB, Row } from '../schema.ts';
import { toIso } from '../time.ts';
import { articlesWithTag, indexArticles, indexTags } from '../sqlite/search-index.ts';
import type { TagRepository } from '../../domain/tags/repository.ts';

export function tagRepository(db: DB, now: () => Date): TagRepository {
  const tagWhere = async (column: 'slug' | 'name_key' | 'id', value: string | number) => {
    const row = await db.selectFrom('tags').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toTag(row) : null;
  };
  const tagOfAlias = async (column: 'slug' | 'name_key', value: string) => {
    const alias = await db.selectFrom('tag_aliases').select('tag_id').where(column, '=', value).executeTakeFirst();
    return alias ? tagWhere('id', alias.tag_id) : null;
  };

  const aliasesOfTags = async (tagIds: readonly number[]) => {
    const byTag = new Map<number, TagAlias[]>();
    if (tagIds.length === 0) return byTag;
    const rows = await db.selectFrom('tag_aliases').selectAll().where('tag_id', 'in', tagIds).orderBy('name_key').execute();
    for (const row of rows) {
      const list = byTag.get(row.tag_id) ?? [];
      list.push({ name: row.name, slug: row.slug, tagId: row.tag_id });
      byTag.set(row.tag_id, list);
    }
    return byTag;
  };

  return {
    findBySlug: (slug) => tagWhere('slug', slug),
    findByAliasSlug: (slug) => tagOfAlias('slug', slug),
    async findByNameOrAlias(name) {
      const key = nameKey(name);
      return (await tagWhere('name_key', key)) ?? tagOfAlias('name_key', key);
    },
    async isSlugTaken(slug) {
      const [tag, alias] = await Promise.all([
        db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst(),
        db.selectFrom('tag_aliases').select('id').where('slug', '=', slug).executeTakeFirst(),
      ]);
      return tag !== undefined || alias !== undefined;
    },
    async insert(tag) {
      const { max } = await db
        .selectFrom('tags')
        .select((eb) => eb.fn.max('position').as('max'))
        .executeTakeFirstOrThrow();
      const row = await db
        .insertInto('tags')
        .values({
          slug: tag.slug,
          name: tag.name,
          name_key: nameKey(tag.name),
          description: tag.description,
          is_section: tag.isSection ? 1 : 0,
          parent_id: tag.parentId ?? null,
          position: Number(max ?? 0) + 1,
          created_at: toIso(now()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await indexTags(db, [row.id]);
      return toTag(row);
    },
    findById: (id) => tagWhere('id', id),
    async setParent(id, parentId) {
      await db.updateTable('tags').set({ parent_id: parentId }).where('id', '=', id).execute();
    },
    async withPublicArticles(ids, now) {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('article_tags')
        .select('tag_id')
        .distinct()
        .where('tag_id', 'in', [...ids])
        .where('listed_at', '<=', toIso(now))
        .execute();
      return new Set(rows.map((row) => row.tag_id));
    },
    async childrenOf(id) {
      const rows = await db.selectFrom('tags').selectAll().where('parent_id', '=', id).orderBy('name_key').execute();
      return rows.map(toTag);
    },
    async update(id, changes) {
      await db
        .updateTable('tags')
        .set({
          description: changes.description,
          is_section: changes.isSection ? 1 : 0,
          ...(changes.name !== undefined ? { name: changes.name, name_key: nameKey(changes.name) } : {}),
          ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
        })
        .where('id', '=', id)
        .execute();
      await indexTags(db, [id]);
    },
    async removeAlias(tagId, slug) {
      await db.deleteFrom('tag_aliases').where('tag_id', '=', tagId).where('slug', '=', slug).execute();
      await indexTags(db, [tagId]);
    },
    async listWithCounts({ query, limit, offset }) {
      const key = nameKey(query);
      const pattern = `%${escapeLike(key)}%`;
      const matching = db.selectFrom('tags').$if(key !== '', (q) =>
        q.where((eb) =>
          eb.or([
            sql<boolean>`tags.name_key LIKE ${pattern} ESCAPE '\\'`,
            sql<boolean>`tags.slug LIKE ${pattern} ESCAPE '\\'`,
            eb.exists(
              eb
                .selectFrom('tag_aliases')
                .select('tag_aliases.id')
                .whereRef('tag_aliases.tag_id', '=', 'tags.id')
                .where(sql<boolean>`tag_aliases.name_key LIKE ${pattern} ESCAPE '\\'`),
            ),
          ]),
        ),
      );
      const [rows, { total }] = await Promise.all([
        // Counted per listed tag, in its own index range: grouping every link to sort by name
        // counted all 90,000 links for a page of 50 tags.
        matching
          .selectAll('tags')
          .select((eb) =>
            eb
              .selectFrom('article_tags')
              .select((links) => links.fn.countAll<number>().as('n'))
              .whereRef('article_tags.tag_id', '=', 'tags.id')
              .as('article_count'),
          )
          .orderBy('tags.name_key')
          .limit(limit)
          .offset(offset)
          .execute(),
        matching.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
      const aliases = await aliasesOfTags(rows.map((row) => row.id));
      return {
        items: rows.map((row) => ({ ...toTag(row), articleCount: Number(row.article_count), aliases: aliases.get(row.id) ?? [] })),
        total: Number(total),
      };
    },
    async countArticles(tagId) {
      const { n } = await db
        .selectFrom('article_tags')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tag_id', '=', tagId)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async moveArticles(fromTagId, toTagId) {
      // Their search rows carry their tags' ids, so they are indexed again once retagged.
      const moved = await articlesWithTag(db, fromTagId);
      // An article that has both tags keeps the target tag, at whichever of the two places came first.
      await db
        .updateTable('article_tags')
        .set((eb) => ({
          position: eb
            .selectFrom('article_tags as source')
            .select('source.position')
            .whereRef('source.article_id', '=', 'article_tags.article_id')
            .where('source.tag_id', '=', fromTagId),
        }))
        .where('tag_id', '=', toTagId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_tags as source')
              .select('source.article_id')
              .whereRef('source.article_id', '=', 'article_tags.article_id')
              .whereRef('source.position', '<', 'article_tags.position')
              .where('source.tag_id', '=', fromTagId),
          ),
        )
        .execute();
      await db
        .deleteFrom('article_tags')
        .where('tag_id', '=', fromTagId)
        .where('article_id', 'in', (eb) =>
          eb.selectFrom('article_tags as target').select('target.article_id').where('target.tag_id', '=', toTagId),
        )
        .execute();
      await db.updateTable('article_tags').set({ tag_id: toTagId }).where('tag_id', '=', fromTagId).execute();
      await indexArticles(db, moved);
    },
    async moveAliases(fromTagId, toTagId) {
      await db.updateTable('tag_aliases').set({ tag_id: toTagId }).where('tag_id', '=', fromTagId).execute();
      await indexTags(db, [fromTagId, toTagId]);
    },
    async delete(id) {
      await db.deleteFrom('tags').where('id', '=', id).execute();
    },
    async addAlias(alias) {
      await db
        .insertInto('tag_aliases')
        .values({ tag_id: alias.tagId, name: alias.name, name_key: nameKey(alias.name), slug: alias.slug })
        .execute();
      await indexTags(db, [alias.tagId]);
    },
    async aliasesOf(tagId) {
      return (await aliasesOfTags([tagId])).get(tagId) ?? [];
    },
    async suggest(query, limit) {
      const key = nameKey(query);
      if (!key) return [];
      const contains = `%${escapeLike(key)}%`;
      const prefix = `${escapeLike(key)}%`;
      // Each tag appears once, under its best hit: its own name before an alias at the same rank.
      const { rows } = await sql<{ name: string; slug: string; alias: string | null }>`
        WITH hits AS (
          SELECT id AS tag_id, NULL AS alias, name_key AS matched FROM tags WHERE name_key LIKE ${contains} ESCAPE '\\'
          UNION ALL
          SELECT tag_id, name AS alias, name_key AS matched FROM tag_aliases WHERE name_key LIKE ${contains} ESCAPE '\\'
        ),
        ranked AS (
          SELECT tag_id, alias, matched,
            CASE WHEN matched = ${key} THEN 0 WHEN matched LIKE ${prefix} ESCAPE '\\' THEN 1 ELSE 2 END AS rank
          FROM hits
        ),
        best AS (
          SELECT tag_id, alias, matched, rank,
            ROW_NUMBER() OVER (PARTITION BY tag_id ORDER BY rank, alias IS NOT NULL, matched) AS n
          FROM ranked
        )
        SELECT tags.name, tags.slug, best.alias FROM best JOIN tags ON tags.id = best.tag_id
        WHERE best.n = 1
        ORDER BY best.rank, best.alias IS NOT NULL, best.matched
        LIMIT ${limit}
      `.execute(db);
      return rows.map((row) =>
        row.alias === null ? { name: row.name, slug: row.slug } : { name: row.name, slug: row.slug, alias: row.alias },
      );
    },
    async listSections() {
      const rows = await db.selectFrom('tags').selectAll().where('is_section', '=', 1).orderBy('position').execute();
      return rows.map(toTag);
    },
    async listAll() {
      const rows = await db.selectFrom('tags').selectAll().orderBy('name_key').execute();
      return rows.map(toTag);
    },
  };
}

export function toTag(row: Row<'tags'>): Tag {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    isSection: row.is_section === 1,
    parentId: row.parent_id,
  };
}

/** `text` for a LIKE pattern whose escape character is a backslash: its own % and _ match literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
