import type { Actor } from '../shared/policy.ts';
import type { Deps } from '../store.ts';

/** The editor's fields exactly as typed, keyed by form field name. */
export type EditorFields = Readonly<Record<string, string>>;

export interface Autosave {
  readonly fields: EditorFields;
  readonly savedAt: Date;
}

const MAX_FIELD_LENGTH = 1_000_000;

/**
 * Keeps what an editor typed but has not saved, one copy per user and article (`null` for an
 * article not yet created). The article itself is untouched: an autosave never publishes.
 */
export async function saveAutosave(deps: Deps, input: { actor: Actor; articleId: number | null; fields: EditorFields }): Promise<Date> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.fields)) {
    if (typeof value === 'string' && name !== '_csrf') fields[name] = value.slice(0, MAX_FIELD_LENGTH);
  }
  const savedAt = deps.clock.now();
  await deps.store.autosaves.put({ userId: input.actor.id, articleId: input.articleId ?? 0, fields, savedAt });
  return savedAt;
}

export function readAutosave(deps: Deps, input: { actor: Actor; articleId: number | null }): Promise<Autosave | null> {
  return deps.store.autosaves.get(input.actor.id, input.articleId ?? 0);
}

export async function discardAutosave(deps: Deps, input: { actor: Actor; articleId: number | null }): Promise<void> {
  await deps.store.autosaves.delete(input.actor.id, input.articleId ?? 0);
}
