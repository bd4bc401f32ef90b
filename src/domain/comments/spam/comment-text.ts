import type { Comment } from '../../shared/model.ts';
import type { TrainedComment } from './training.ts';

/** A stored comment's text, as the spam checks read it. */
export function textOfComment(comment: Pick<Comment, 'id' | 'bodySource' | 'authorName' | 'authorEmail' | 'authorUrl'>): TrainedComment {
  return { id: comment.id, body: comment.bodySource, name: comment.authorName, email: comment.authorEmail, website: comment.authorUrl };
}
