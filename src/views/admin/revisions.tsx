import type { SiteSettings } from '../../config.ts';
import type { Article, ArticleRevision } from '../../domain/shared/model.ts';
import type { DiffPart, FieldDiff } from '../../domain/articles/revisions.ts';
import { formatDateTime, formatShortDateTime } from '../format.ts';
import { articlePaths } from './article-paths.ts';
import { STATUS_NAMES } from './articles.tsx';
import type { AdminContext } from './context.ts';
import { CsrfField, SelectField, formState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

/** Who saved a revision, as the list names them. */
function savedBy(revision: ArticleRevision): string {
  return revision.userName ?? (revision.userId === null ? 'Command line or import' : 'A deleted account');
}

function revisionLabel(site: SiteSettings, revision: ArticleRevision): string {
  return `${formatShortDateTime(site, revision.createdAt)} by ${savedBy(revision)}`;
}

function BackLinks({ article }: { article: Article }): JSX.Element {
  return (
    <p>
      <a href={articlePaths.edit(article.id)}>Back to the editor</a>
    </p>
  );
}

/** Every saved version of an article, newest first, to compare or restore. */
export function RevisionsPage({
  admin,
  article,
  revisions,
}: {
  admin: AdminContext;
  article: Article;
  revisions: readonly ArticleRevision[];
}) {
  const [newest, previous] = revisions;
  const options = revisions.map((revision) => ({ value: String(revision.id), label: revisionLabel(admin.site, revision) }));
  const compareState = formState({ from: String(previous?.id ?? ''), to: String(newest?.id ?? '') });
  return (
    <AdminLayout admin={admin} title={`Revisions: ${article.headline}`} wide>
      <h1>Revisions</h1>
      <p class="lead" safe>
        {article.headline}
      </p>
      <BackLinks article={article} />
      {revisions.length >= 2 ? (
        <form method="get" action={`${articlePaths.revisions(article.id)}/compare`} class="filters">
          <SelectField name="from" label="Compare" state={compareState} options={options} />
          <SelectField name="to" label="with" state={compareState} options={options} />
          <p class="actions">
            <button type="submit" class="button secondary">
              Compare
            </button>
          </p>
        </form>
      ) : (
        ''
      )}
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Status</th>
            <th scope="col">Headline</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision, index) => {
            const older = revisions[index + 1];
            return (
              <tr>
                <td>
                  <time datetime={revision.createdAt.toISOString()} safe>
                    {formatDateTime(admin.site, revision.createdAt)}
                  </time>
                </td>
                <td safe>{savedBy(revision)}</td>
                <td>
                  <span class={`status status-${revision.status}`} safe>
                    {STATUS_NAMES[revision.status]}
                  </span>
                </td>
                <td safe>{revision.headline}</td>
                <td class="actions">
                  {older ? <a href={articlePaths.compare(article.id, older.id, revision.id)}>Changes</a> : ''}
                  {index > 0 ? (
                    <form method="post" action={articlePaths.restore(article.id, revision.id)} class="inline-form">
                      <CsrfField token={admin.csrfToken} />
                      <button
                        type="submit"
                        class="button small secondary"
                        data-confirm="Restore this version's headline, standfirst, slug, body and tags?"
                      >
                        Restore
                      </button>
                    </form>
                  ) : (
                    <span class="muted">Current</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export interface ComparePageProps {
  readonly admin: AdminContext;
  readonly article: Article;
  readonly from: ArticleRevision;
  readonly to: ArticleRevision;
  readonly changes: readonly FieldDiff[];
}

/** What changed between two revisions, field by field: removed text struck through, added text marked. */
export function ComparePage({ admin, article, from, to, changes }: ComparePageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title={`Changes: ${article.headline}`} wide>
      <h1>Changes</h1>
      <dl class="facts">
        <dt>From</dt>
        <dd safe>{revisionLabel(admin.site, from)}</dd>
        <dt>To</dt>
        <dd safe>{revisionLabel(admin.site, to)}</dd>
      </dl>
      <p>
        <a href={articlePaths.revisions(article.id)}>All revisions</a> · <a href={articlePaths.edit(article.id)}>Back to the editor</a>
      </p>
      <div class="diff-fields">
        {changes.map((change) => (
          <section class="diff-field" aria-labelledby={`diff-${change.field}`}>
            <h2 id={`diff-${change.field}`} safe>
              {change.label}
            </h2>
            {change.parts ? (
              <div class={change.field === 'tags' ? 'diff diff-tags' : 'diff'}>
                {change.parts.map((part) => (
                  <Part part={part} />
                ))}
              </div>
            ) : (
              <p class="muted">No change.</p>
            )}
          </section>
        ))}
      </div>
    </AdminLayout>
  );
}

function Part({ part }: { part: DiffPart }): JSX.Element {
  if (part.change === 'added') return <ins safe>{part.text}</ins>;
  if (part.change === 'removed') return <del safe>{part.text}</del>;
  return <span safe>{part.text}</span>;
}
