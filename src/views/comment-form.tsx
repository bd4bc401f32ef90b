import { COMMENT_LIMITS, COMMENT_MESSAGES, EMAIL_PATTERN } from '../domain/comments.ts';
import type { Comment } from '../domain/model.ts';
import { paths } from './paths.ts';

/** What the reader typed and what was wrong with it, so a refused form comes back intact. */
export interface CommentFormState {
  readonly values: { readonly comment: string; readonly author: string; readonly email: string; readonly url: string };
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly formErrors: readonly string[];
}

export const EMPTY_COMMENT_FORM: CommentFormState = {
  values: { comment: '', author: '', email: '', url: '' },
  fieldErrors: {},
  formErrors: [],
};

interface FieldProps {
  readonly name: FieldName;
  readonly label: string;
  readonly state: CommentFormState;
  readonly required?: boolean;
  /** Messages the browser script shows, the same ones the server sends. */
  readonly emptyMessage?: string;
  readonly invalidMessage?: string;
  readonly children: JSX.Element;
}

type FieldName = 'comment' | 'author' | 'email' | 'url';

/** The attributes that tie a control to its error message. */
function errorAttributes(name: FieldName, state: CommentFormState) {
  return { 'aria-describedby': `${name}-error`, 'aria-invalid': state.fieldErrors[name] ? 'true' : undefined };
}

function Field({ name, label, state, required, emptyMessage, invalidMessage, children }: FieldProps): JSX.Element {
  const error = state.fieldErrors[name];
  return (
    <p
      class={error ? 'field has-error' : 'field'}
      data-field={name}
      data-empty-message={emptyMessage}
      data-invalid-message={invalidMessage}
    >
      <label for={name}>
        <span safe>{label}</span>
        {required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : (
          ''
        )}
      </label>
      {children as 'safe'}
      <span class="field-error" id={`${name}-error`} safe>
        {error ?? ''}
      </span>
    </p>
  );
}

interface CommentFormProps {
  readonly articleSlug: string;
  readonly state: CommentFormState;
  /** The comment being replied to, if any. */
  readonly replyTo?: Comment | undefined;
}

export function CommentForm({ articleSlug, state, replyTo }: CommentFormProps): JSX.Element {
  const { values } = state;
  return (
    <section id="respond" class="respond" aria-labelledby="reply-title">
      <h2 id="reply-title">
        {replyTo ? (
          <>
            Reply to <span safe>{replyTo.authorName}</span>{' '}
            <a class="cancel-reply" href={`${paths.article(articleSlug)}#respond`}>
              Cancel reply
            </a>
          </>
        ) : (
          'Leave a reply'
        )}
      </h2>
      <form id="commentform" class="comment-form" method="post" action={paths.articleComments(articleSlug)} novalidate data-validate>
        <div class="form-errors" role="alert" id="form-errors">
          {state.formErrors.map((message) => (
            <p safe>{message}</p>
          ))}
        </div>
        <p class="form-note">
          Your email address will not be published. Required fields are marked <span aria-hidden="true">*</span>
          <span class="visually-hidden">as required</span>.
        </p>
        <Field name="comment" label="Comment" state={state} required emptyMessage={COMMENT_MESSAGES.bodyRequired}>
          <textarea
            id="comment"
            name="comment"
            rows="7"
            maxlength={String(COMMENT_LIMITS.body)}
            required
            aria-required="true"
            {...errorAttributes('comment', state)}
            safe
          >
            {values.comment}
          </textarea>
        </Field>
        <div class="field-row">
          <Field name="author" label="Name" state={state} required emptyMessage={COMMENT_MESSAGES.nameRequired}>
            <input
              id="author"
              {...errorAttributes('author', state)}
              name="author"
              type="text"
              autocomplete="name"
              maxlength={String(COMMENT_LIMITS.name)}
              required
              aria-required="true"
              value={values.author}
            />
          </Field>
          <Field
            name="email"
            label="Email"
            state={state}
            required
            emptyMessage={COMMENT_MESSAGES.emailInvalid}
            invalidMessage={COMMENT_MESSAGES.emailInvalid}
          >
            <input
              id="email"
              {...errorAttributes('email', state)}
              name="email"
              type="email"
              autocomplete="email"
              maxlength={String(COMMENT_LIMITS.email)}
              required
              aria-required="true"
              data-pattern={EMAIL_PATTERN}
              value={values.email}
            />
          </Field>
          <Field name="url" label="Website" state={state}>
            <input
              id="url"
              {...errorAttributes('url', state)}
              name="url"
              type="text"
              inputmode="url"
              autocomplete="url"
              maxlength={String(COMMENT_LIMITS.website)}
              value={values.url}
            />
          </Field>
        </div>
        {/* Bots fill every field they find; people never see this one. */}
        <p class="field" hidden>
          <label for="fax">Leave this field empty</label>
          <input id="fax" name="fax" type="text" tabindex="-1" autocomplete="off" value="" />
        </p>
        {/* Shown by the page script, which is what remembers the details: the page itself stays the same for every reader. */}
        <p class="field-check" hidden data-remember>
          <input id="remember" type="checkbox" />
          <label for="remember">Save my name, email and website in this browser for the next time I comment.</label>
        </p>
        {replyTo ? <input type="hidden" name="parent" value={String(replyTo.id)} /> : ''}
        <p class="form-submit">
          <button type="submit" class="button">
            {replyTo ? 'Post reply' : 'Post comment'}
          </button>
        </p>
      </form>
    </section>
  );
}
