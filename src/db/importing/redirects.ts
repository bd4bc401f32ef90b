import type { LegacyRedirectRepository, LegacyTargetKind } from '../../domain/store.ts';
import type { DB } from '../sqlite/connection.ts';
import { insertRows } from '../sqlite/bulk.ts';

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
      insertRows(
        db,
        'legacy_redirects',
        redirects.map((r) => ({ path: r.path, target_kind: r.kind, target_id: r.id })),
        'on conflict (path) do update set target_kind = excluded.target_kind, target_id = excluded.target_id',
      );
    },
  };
}
