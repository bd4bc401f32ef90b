import { ARTICLE_LIMITS } from '../../domain/articles/articles.ts';
import type { EditConflict } from '../../domain/articles/edit-conflict.ts';
import type { EditorView } from '../../domain/articles/editor.ts';
import { isPubliclyVisible } from '../../domain/shared/model.ts';
import { CORRECTION_MAX_LENGTH } from '../../domain/articles/revisions.ts';
import { CorrectionsBox } from '../corrections.tsx';
import { formatDateTime } from '../format.ts';
import { paths } from '../../paths/site.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { StatusBadge } from './articles.tsx';
import { BODY_HINTS, HtmlBodyNote } from './body-format.tsx';
import type { AdminContext } from './context.ts';
import { EditConflictNotice } from './edit-conflict.tsx';
import { InsertPicture } from './insert-picture.tsx';
import type { InsertablePicture } from '../../domain/articles/body-pictures.ts';
import { FeaturedPicturePanel } from './featured-picture.tsx';
import { adminMediaPaths } from './media.tsx';
import { CheckboxField, CsrfField, FormErrors, SelectField, TextArea, TextField, formState, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

export interface EditorPageProps {
  readonly admin: AdminContext;
  readonly view: EditorView;
  /** The article form's values and problems. */
  readonly state: FormState;
  /** The correction form after a refusal. */
  readonly correction?: FormState;
  /** Why the save was refused, when someone saved the article after the form was opened. */
  readonly conflict?: EditConflict;
  /** The library's newest pictures, offered beside the body. */
  readonly insertable?: readonly InsertablePicture[];
}

interface IntentButton {
  readonly intent: string;
  readonly label: string;
  readonly secondary?: boolean;
  readonly confirm?: string;
}

/**
 * The article editor. Every button posts the whole form with its `intent`; "Preview" opens the
 * page readers would see in a new tab, without saving. admin-editor.js adds the live preview and
 * autosave, admin-tag-input.js the tag suggestions.
 */
export function EditorPage({ admin, view, state, correction, conflict, insertable = [] }: EditorPageProps): JSX.Element {
  const { article } = view;
  const form = state;
  const title = article ? `Edit: ${article.headline}` : 'New article';
  const bodyFormat = article?.bodyFormat ?? 'markdown';
  return (
    <AdminLayout
      admin={admin}
      title={title}
      wide
      scripts={['admin-editor.js', 'admin-tag-input.js', 'admin-insert-picture.js', 'admin-featured-picture.js']}
    >
      <div class="page-heading">
        <h1>{article ? 'Edit article' : 'New article'}</h1>
        {article ? <ArticleFacts admin={admin} view={view} /> : ''}
      </div>
      {view.restoredFrom ? <RestoredNotice admin={admin} view={view} /> : ''}
      <form
        method="post"
        action={article ? articlePaths.edit(article.id) : articlePaths.create()}
        class="editor"
        id="editor"
        novalidate
        data-article-id={article ? String(article.id) : ''}
        data-saved-at={view.shownVersion?.toISOString() ?? ''}
        data-autosave-url={articlePaths.autosave()}
        data-preview-url={articlePaths.livePreview(bodyFormat)}
        data-sign-in-url={`/admin/sign-in?next=${encodeURIComponent(article ? articlePaths.edit(article.id) : articlePaths.new())}`}
        data-conflict={conflict ? 'refused' : undefined}
      >
        <CsrfField token={admin.csrfToken} />
        {article ? <input type="hidden" name="baseRevision" value={form.values.baseRevision ?? ''} /> : ''}
        {article && conflict ? (
          <EditConflictNotice admin={admin} articleId={article.id} conflict={conflict} />
        ) : (
          <FormErrors state={form} />
        )}
        <div class="editor-columns">
          <div class="editor-text">
            <TextField name="headline" label="Headline" state={form} required input={{ maxlength: String(ARTICLE_LIMITS.headline) }} />
            <TextArea name="standfirst" label="Standfirst" hint="One or two sentences under the headline." state={form} rows={2} />
            <TextField
              name="slug"
              label="Slug"
              hint="The article's address, /articles/slug. Left empty, it is made from the headline; a published article keeps its own. A published article's old address redirects to its new one."
              state={form}
              input={{ autocomplete: 'off', spellcheck: 'false' }}
            />
            {bodyFormat === 'html' ? <HtmlBodyNote /> : ''}
            <div class="editor-body">
              <TextArea
                name="body"
                label="Body"
                hint={BODY_HINTS[bodyFormat]}
                state={form}
                required
                rows={24}
                attributes={{ class: 'code' }}
              />
              {/* Focusable so keyboard users can scroll a preview longer than its box. */}
              <section class="live-preview" id="live-preview" aria-labelledby="live-preview-title" tabindex="0" hidden>
                <h2 id="live-preview-title">As readers will see it</h2>
                <div class="story-body" id="live-preview-body"></div>
              </section>
            </div>
            <InsertPicture pictures={insertable} format={bodyFormat} />
          </div>
          <div class="editor-settings">
            <TextField
              name="tags"
              label="Tags"
              hint="Separated by commas, most important first. An alias becomes its tag."
              state={form}
              input={{ autocomplete: 'off', 'data-suggest-url': articlePaths.tagSuggestions() }}
            />
            <SelectField
              name="authorId"
              label="Byline"
              state={form}
              options={view.bylines.map((byline) => ({ value: String(byline.id), label: byline.name }))}
            />
            <TextField
              name="publishedAt"
              label="Publication date and time"
              hint={`${admin.site.timeZone} time. Needed to schedule; "Publish now" uses the current time.`}
              state={form}
              input={{ type: 'datetime-local' }}
            />
            <TextField
              name="language"
              label="Language"
              hint={`Only for an article not in the site's language (${admin.site.language}): a tag such as zh-Hant.`}
              state={form}
              input={{ autocomplete: 'off', spellcheck: 'false' }}
            />
            {view.may.publish ? (
              <CheckboxField name="featured" label="Feature on the front page" state={form} />
            ) : form.values.featured === 'on' ? (
              <input type="hidden" name="featured" value="on" />
            ) : (
              ''
            )}
            <FeaturedPicturePanel state={form} pictures={view.pictures} libraryPath={adminMediaPaths.list()} />
            <div class="actions editor-actions">
              {buttonsFor(view).map((button) => (
                <button
                  type="submit"
                  name="intent"
                  value={button.intent}
                  class={button.secondary ? 'button secondary' : 'button'}
                  data-confirm={button.confirm}
                  formtarget={button.intent === 'preview' ? '_blank' : undefined}
                  safe
                >
                  {button.label}
                </button>
              ))}
            </div>
            <p class="autosave-status muted" id="autosave-status" role="status"></p>
          </div>
        </div>
      </form>
      {article && article.status === 'published' ? <Corrections admin={admin} view={view} state={correction ?? formState()} /> : ''}
    </AdminLayout>
  );
}

/** What the form offers depends on where the article stands, and on whether the user may publish it. */
function buttonsFor(view: EditorView): IntentButton[] {
  const status = view.article?.status ?? 'draft';
  const preview: IntentButton = { intent: 'preview', label: 'Preview', secondary: true };
  const unpublish: IntentButton = {
    intent: 'unpublish',
    label: 'Unpublish',
    secondary: true,
    confirm: 'Unpublish this article? Readers will no longer find it.',
  };
  if (status === 'draft') {
    const publishing: IntentButton[] = [
      { intent: 'publish', label: 'Publish now', confirm: 'Publish this article now?' },
      { intent: 'schedule', label: 'Schedule' },
    ];
    return [{ intent: 'draft', label: 'Save draft' }, preview, ...(view.may.publish ? publishing : [])];
  }
  const publishNow: IntentButton[] = status === 'scheduled' ? [{ intent: 'publish', label: 'Publish now', secondary: true }] : [];
  return [{ intent: 'update', label: 'Update' }, preview, ...publishNow, unpublish];
}

function ArticleFacts({ admin, view }: { admin: AdminContext; view: EditorView }): JSX.Element {
  const article = view.article!;
  return (
    <p class="editor-facts">
      <StatusBadge article={article} site={admin.site} />{' '}
      <span class="muted">
        Last saved{' '}
        <time datetime={article.updatedAt.toISOString()} safe>
          {formatDateTime(admin.site, article.updatedAt)}
        </time>
      </span>
      {' · '}
      {isPubliclyVisible(article, admin.now) ? (
        <>
          <a href={paths.article(article.slug)}>View on the site</a>
          {' · '}
        </>
      ) : (
        <>
          <a href={articlePaths.preview(article.id)}>Preview the saved version</a>
          {' · '}
        </>
      )}
      <a href={articlePaths.revisions(article.id)}>Revisions</a>
    </p>
  );
}

function RestoredNotice({ admin, view }: { admin: AdminContext; view: EditorView }): JSX.Element {
  const restoredFrom = view.restoredFrom!;
  return (
    <div class="notice warning restored-notice" role="status">
      <p>
        Restored your unsaved changes from{' '}
        <time datetime={restoredFrom.toISOString()} safe>
          {formatDateTime(admin.site, restoredFrom)}
        </time>
        . Save to keep them, or discard them to go back to the saved version.
      </p>
      <form method="post" action={articlePaths.discardAutosave(view.article?.id ?? null)} class="inline-form">
        <CsrfField token={admin.csrfToken} />
        <button type="submit" class="button small secondary">
          Discard
        </button>
      </form>
    </div>
  );
}

function Corrections({ admin, view, state }: { admin: AdminContext; view: EditorView; state: FormState }): JSX.Element {
  const article = view.article!;
  if (view.corrections.length === 0 && !view.may.correct) return '';
  return (
    <div class="editor-corrections">
      {view.corrections.length > 0 ? <CorrectionsBox corrections={view.corrections} site={admin.site} /> : ''}
      {view.may.correct ? (
        <form method="post" action={articlePaths.corrections(article.id)} novalidate class="narrow-form">
          <h2>Add a correction</h2>
          <CsrfField token={admin.csrfToken} />
          <TextArea
            name="correction"
            label="Correction"
            hint={`Shown to readers under the article, with today's date. At most ${CORRECTION_MAX_LENGTH} characters.`}
            state={state}
            required
            rows={3}
            attributes={{ maxlength: String(CORRECTION_MAX_LENGTH) }}
          />
          <p class="form-submit">
            <button type="submit" class="button secondary">
              Add correction
            </button>
          </p>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}
