import type { EditConflict } from '../../domain/articles/edit-conflict.ts';
import { formatDateTime } from '../format.ts';
import { articlePaths } from './article-paths.ts';
import type { AdminContext } from './context.ts';

/**
 * Said at the top of the editor when its save was refused because someone saved the article after
 * the form was opened. The comparison opens in a new tab so that the text typed here stays put.
 */
export function EditConflictNotice({
  admin,
  articleId,
  conflict,
}: {
  admin: AdminContext;
  articleId: number;
  conflict: EditConflict;
}): JSX.Element {
  const who = conflict.savedByYou ? 'You' : (conflict.savedBy ?? 'Someone');
  const compare =
    conflict.baseRevisionId === null
      ? articlePaths.revisions(articleId)
      : articlePaths.compare(articleId, conflict.baseRevisionId, conflict.latestRevisionId);
  return (
    <div class="form-errors edit-conflict" role="alert">
      <p>
        <span safe>{who}</span> saved this article on{' '}
        <time datetime={conflict.savedAt.toISOString()} safe>
          {formatDateTime(admin.site, conflict.savedAt)}
        </time>
        , after you {conflict.savedByYou ? 'opened it in this window' : 'opened it'}. Your text is below, not saved.
      </p>
      <p>
        <a href={compare} target="_blank" rel="noopener">
          See what changed since you opened it (opens in a new tab)
        </a>
        , then save again to replace that version with yours.
      </p>
    </div>
  );
}
