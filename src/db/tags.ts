import type { Tag, TagAlias } from '../domain/model.ts';
import { nameKey } from '../domain/slug.ts';
import type { TagRepository } from '../domain/store.ts';
import type { DB } from './database.ts';
import type { Row } from './schema.ts';
import { toIso } from './time.ts';

export function tagRepository(db: DB, now: () => Date): TagRepository {
  const tagWhere = async (column: 'slug' | 'name_key' | 'id', value: string | number) => {
    const row = await db.selectFrom('tags').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toTag(row) : null;
  };
  const tagOfAlias = async (column: 'slug' | 'name_key', value: string) => {
    const alias = await db.selectFrom('tag_aliases').select('tag_id').where(column, '=', value).executeTakeFirst();
    return alias ? tagWhere('id', alias.tag_id) : null;
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
          position: Number(max ?? 0) + 1,
          created_at: toIso(now()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTag(row);
    },
    async update(id, changes) {
      await db
        .updateTable('tags')
        .set({ description: changes.description, is_section: changes.isSection ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },
    async addAlias(alias) {
      await db
        .insertInto('tag_aliases')
        .values({ tag_id: alias.tagId, name: alias.name, name_key: nameKey(alias.name), slug: alias.slug })
        .execute();
    },
    async aliasesOf(tagId) {
      const rows = await db.selectFrom('tag_aliases').selectAll().where('tag_id', '=', tagId).orderBy('name').execute();
      return rows.map((row): TagAlias => ({ name: row.name, slug: row.slug, tagId: row.tag_id }));
    },
    async listSections() {
      const rows = await db.selectFrom('tags').selectAll().where('is_section', '=', 1).orderBy('position').execute();
      return rows.map(toTag);
    },
  };
}

function toTag(row: Row<'tags'>): Tag {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, isSection: row.is_section === 1 };
}
