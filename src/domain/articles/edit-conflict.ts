import { ConflictError } from '../shared/errors.ts';
import type { ArticleRevision } from '../shared/model.ts';
import type { StaffActor } from '../shared/policy.ts';
import type { ArticlesStore } from './ports.ts';

/** A save refused because the article was saved again after the user's form was opened. */
export interface EditConflict {
  /** The name of who saved the newer version; null when unknown (the command line, a deleted account). */
  readonly savedBy: string | null;
  /** The user themselves saved it, in another window. */
  readonly savedByYou: boolean;
  readonly savedAt: Date;
  /** The revision the form was opened from; null when the article had none then. */
  readonly baseRevisionId: number | null;
  /** The revision a second save would replace, knowingly. */
  readonly latestRevisionId: number;
}

/** Refuses a save over a version of the article its user has not seen; HTTP answers 409. */
export class EditConflictError extends ConflictError {
  constructor(readonly conflict: EditConflict) {
    const who = conflict.savedByYou ? 'You' : (conflict.savedBy ?? 'Someone');
    super(
      `${who} saved this article after you opened it. Your text was not saved: compare the two versions, then save again to replace it.`,
    );
    this.name = 'EditConflictError';
  }
}

/**
 * The conflict between the revision a form was typed over (`base`, the editor's hidden field; null when it named none)
 * and the article's latest revision, if they differ. A form that does not say which revision it
 * was opened from (a script, a page from before revisions were tracked) is not checked.
 */
export function editConflictOf(input: {
  base: number | null | undefined;
  latest: ArticleRevision | null;
  actorId: number;
}): EditConflict | null {
  const { base, latest } = input;
  if (base === undefined || latest === null) return null;
  if (base === latest.id) return null;
  return {
    savedBy: latest.userName,
    savedByYou: latest.userId === input.actorId,
    savedAt: latest.createdAt,
    baseRevisionId: base,
    latestRevisionId: latest.id,
  };
}

/**
 * Throws EditConflictError when the article has been saved since the form's base revision. Call it
 * inside the save's transaction, so that no save can slip in between the check and the write.
 */
export async function refuseStaleEdit(
  store: ArticlesStore,
  input: { actor: StaffActor; articleId: number; base: number | null | undefined },
): Promise<void> {
  if (input.base === undefined) return;
  const latest = await store.revisions.latestFor(input.articleId);
  const conflict = editConflictOf({ base: input.base, latest, actorId: input.actor.id });
  if (conflict) throw new EditConflictError(conflict);
}
