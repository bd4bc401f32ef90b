import type { Problems } from '../shared/errors.ts';
import type { Tag } from '../shared/model.ts';
import type { Store } from '../store.ts';

/**
 * Filing a tag under a broader one ("Hong Kong" under "News"), as WordPress categories are. The
 * tags form a forest: no tag may end up above itself.
 */

/** A tag another may be filed under, labelled with the tags above it: "News › Hong Kong". */
export interface ParentChoice {
  readonly id: number;
  readonly label: string;
}

/**
 * The tags `tagId` may be filed under, by label: every tag but itself and the tags filed under it
 * at any depth, either of which would make a loop.
 */
export function parentChoices(tags: readonly Tag[], tagId: number): ParentChoice[] {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const below = descendantsOf(tags, tagId);
  return tags
    .filter((tag) => tag.id !== tagId && !below.has(tag.id))
    .map((tag) => ({ id: tag.id, label: labelOf(tag, byId) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function descendantsOf(tags: readonly Tag[], tagId: number): Set<number> {
  const childrenOf = new Map<number, number[]>();
  for (const tag of tags) {
    if (tag.parentId !== null) childrenOf.set(tag.parentId, [...(childrenOf.get(tag.parentId) ?? []), tag.id]);
  }
  const found = new Set<number>();
  const queue = [tagId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const child of childrenOf.get(id) ?? []) {
      if (!found.has(child)) queue.push(child);
      found.add(child);
    }
  }
  return found;
}

function labelOf(tag: Tag, byId: ReadonlyMap<number, Tag>): string {
  const names = [tag.name];
  const seen = new Set([tag.id]);
  for (let above = byId.get(tag.parentId ?? 0); above && !seen.has(above.id); above = byId.get(above.parentId ?? 0)) {
    names.unshift(above.name);
    seen.add(above.id);
  }
  return names.join(' › ');
}

/**
 * The parent the form chose for `tag` (its id as typed; empty for none). A tag that does not exist,
 * the tag itself or a tag filed under it is refused under the `parentId` field.
 */
export async function checkParent(store: Store, tag: Tag, typed: string, problems: Problems): Promise<number | null> {
  if (typed.trim() === '') return null;
  const parent = /^\d{1,15}$/.test(typed.trim()) ? await store.tags.findById(Number(typed)) : null;
  if (!parent) {
    problems.add('parentId', 'Choose a tag from the list');
    return tag.parentId;
  }
  // Walking up from the chosen parent meets `tag` exactly when `tag` is the parent or above it.
  const seen = new Set<number>();
  for (let above: Tag | null = parent; above && !seen.has(above.id); above = await parentOf(store, above)) {
    if (above.id === tag.id) {
      problems.add('parentId', `“${tag.name}” cannot be filed under itself or under a tag filed under it`);
      return tag.parentId;
    }
    seen.add(above.id);
  }
  return parent.id;
}

function parentOf(store: Store, tag: Tag): Promise<Tag | null> {
  return tag.parentId === null ? Promise.resolve(null) : store.tags.findById(tag.parentId);
}
