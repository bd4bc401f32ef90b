import type { DB } from '../schema.ts';
import type { SettingsRepository } from '../../domain/site/repository.ts';

export function settingsRepository(db: DB): SettingsRepository {
  const get = async (key: string) =>
    (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
  return {
    get,
    async listByPrefix(prefix) {
      // A range rather than LIKE: no wildcard escaping, and the primary key index serves it.
      const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', '>=', prefix).where('key', '<', end).execute();
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },
    async getOrInsert(key, value) {
      // Read first: the secrets kept here are read on every article page, and an insert, even one
      // that changes nothing, takes the database's single write lock.
      const existing = await get(key);
      if (existing !== null) return existing;
      const fresh = typeof value === 'function' ? value() : value;
      await db
        .insertInto('settings')
        .values({ key, value: fresh })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (await get(key)) ?? fresh;
    },
    async set(key, value) {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
  };
}
