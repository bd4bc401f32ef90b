import type { CommentStatus } from '../../shared/model.ts';
import type { Repositories } from '../../store.ts';
import { commentTokens, type CommentText } from './tokens.ts';
import type { TrainingLabel } from './repository.ts';

/**
 * The learning filter learns from the newsroom's own decisions: an approved comment is
 * legitimate, one marked as spam is spam. What a comment was learned as is stored with it, so a
 * reversed decision (approved, then marked as spam; spam, then restored) is unlearned exactly.
 * A pending or trashed comment teaches nothing: trash says a comment was unwanted, not that it was spam.
 */
export function labelOfStatus(status: CommentStatus): TrainingLabel | null {
  if (status === 'approved') return 'ham';
  if (status === 'spam') return 'spam';
  return null;
}

export interface TrainedComment extends CommentText {
  readonly id: number;
}

/** Brings what the filter learned from a comment in line with its new label; `was` is what it was learned as. */
export async function relearn(
  store: Pick<Repositories, 'spam'>,
  comment: TrainedComment,
  was: TrainingLabel | null,
  now: TrainingLabel | null,
): Promise<void> {
  if (was === now) return;
  const tokens = commentTokens(comment);
  if (was) await store.spam.learn(was, tokens, -1);
  if (now) await store.spam.learn(now, tokens, 1);
  await store.spam.setTrainedLabel(comment.id, now);
}
