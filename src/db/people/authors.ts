import type { Author } from '../../domain/shared/model.ts';
import { nameKey } from '../../domain/shared/slug.ts';
import type { AuthorRepository } from '../../domain/store.ts';
import type { DB } from '../sqlite/connection.ts';
import type { Row } from '../schema.ts';
import { toIso } from '../time.ts';

export function authorRepository(db: DB, now: () => Date): AuthorRepository {
  const byColumn = async (column: 'slug' | 'name_key' | 'id', value: string | number) => {
    const row = await db.selectFrom('authors').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toAuthor(row) : null;
  };
  return {
    findBySlug: (slug) => byColumn('slug', slug),
    findByName: (name) => byColumn('name_key', nameKey(name)),
    findById: (id) => byColumn('id', id),
    async insert(author) {
      const row = await db
        .insertInto('authors')
        .values({ ...author, name_key: nameKey(author.name), created_at: toIso(now()) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAuthor(row);
    },
    async updateBio(id, bio) {
      await db.updateTable('authors').set({ bio }).where('id', '=', id).execute();
    },
  };
}

function toAuthor(row: Row<'authors'>): Author {
  return { id: row.id, slug: row.slug, name: row.name, bio: row.bio };
}
