import type { LegacyRedirectRepository, LegacyTargetKind } from '../domain/store.ts';
import type { DB } from './database.ts';

export function legacyRedirectRepository(db: DB): LegacyRedirectRepository {
  return {
    async find(path) {
      const row = await db.selectFrom('legacy_redirects').select(['target_kind', 'target_id']).where('path', '=', path).executeTakeFirst();
      return row ? { kind: row.target_kind as LegacyTargetKind, id: row.target_id } : null;
    },
    async retarget(kind, fromId, toId) {
      await db
        .updateTable('legacy_redirects')
        .set({ target_id: toId })
        .where('target_kind', '=', kind)
        .where('target_id', '=', fromId)
        .execute();
    },
    async put(redirects) {
      // 300 rows × 3 values stays far below SQLite's limit on bound parameters.
      for (let start = 0; start < redirects.length; start += 300) {
        await db
          .insertInto('legacy_redirects')
          .values(redirects.slice(start, start + 300).map((r) => ({ path: r.path, target_kind: r.kind, target_id: r.id })))
          .onConflict((oc) =>
            oc
              .column('path')
              .doUpdateSet((eb) => ({ target_kind: eb.ref('excluded.target_kind'), target_id: eb.ref('excluded.target_id') })),
          )
          .execute();
      }
    },
  };
}
