import { COMMENT_LIMITS, COMMENT_MESSAGES } from '../domain/comments/comments.ts';
import { EMAIL_PATTERN } from '../domain/shared/email.ts';
import type { PublishedComment } from '../domain/shared/model.ts';
import { paths } from '../paths/site.ts';
import { attributeText } from './attribute.ts';

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

type FieldName = 'comment' | 'author' | 'email' | 'url';

interface FieldProps {
  readonly name: FieldName;
  readonly label: string;
  readonly state: CommentFormState;
  readonly maxLength: number;
  readonly required?: boolean;
  /** A textarea rather than a one-line input. */
  readonly multiline?: boolean;
  /** Attributes of a one-line input: type, autocomplete, inputmode and the like. */
  readonly input?: Readonly<Record<string, string>>;
  /** Messages the browser script shows, the same ones the server sends. */
  readonly emptyMessage?: string;
  readonly invalidMessage?: string;
}

/** A labelled control with the reader's value and, beside it, the message for what is wrong. */
function Field({ name, label, state, maxLength, required, multiline, input, emptyMessage, invalidMessage }: FieldProps): JSX.Element {
  const error = state.fieldErrors[name];
  const value = state.values[name];
  const common = {
    id: name,
    name,
    maxlength: String(maxLength),
    required,
    'aria-required': required ? 'true' : undefined,
    'aria-describedby': `${name}-error`,
    'aria-invalid': error ? 'true' : undefined,
  };
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
      {multiline ? (
        <textarea {...common} rows="7" safe>
          {value}
        </textarea>
      ) : (
        <input {...common} {...input} value={attributeText(value)} />
      )}
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
  readonly replyTo?: PublishedComment | undefined;
  /** The signed render time (spam/form-token.ts), sent back unchanged. */
  readonly formToken: string;
}

export function CommentForm({ articleSlug, state, replyTo, formToken }: CommentFormProps): JSX.Element {
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
        <FormFields state={state} />
        {/* When the page was rendered; the page script swaps in a fresh one when the reader starts typing, so a cached page's old one does not count. */}
        <input type="hidden" name="form_token" value={formToken} data-token-url={paths.articleCommentToken(articleSlug)} />
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

/** The form's fields with an empty form's values, the same on every article page: rendered once. */
let emptyFields: string | undefined;

/** The form's messages and fields, with what the reader typed and what was wrong with it. */
function FormFields({ state }: { state: CommentFormState }): JSX.Element {
  if (state !== EMPTY_COMMENT_FORM) return renderFields(state);
  return (emptyFields ??= renderFields(state));
}

function renderFields(state: CommentFormState): string {
  return (
    <>
      <div class="form-errors" role="alert" id="form-errors">
        {state.formErrors.map((message) => (
          <p safe>{message}</p>
        ))}
      </div>
      <p class="form-note">
        Your email address will not be published. Required fields are marked <span aria-hidden="true">*</span>
        <span class="visually-hidden">as required</span>.
      </p>
      <Field
        name="comment"
        label="Comment"
        state={state}
        maxLength={COMMENT_LIMITS.body}
        required
        multiline
        emptyMessage={COMMENT_MESSAGES.bodyRequired}
      />
      <div class="field-row">
        <Field
          name="author"
          label="Name"
          state={state}
          maxLength={COMMENT_LIMITS.name}
          required
          input={{ type: 'text', autocomplete: 'name' }}
          emptyMessage={COMMENT_MESSAGES.nameRequired}
        />
        <Field
          name="email"
          label="Email"
          state={state}
          maxLength={COMMENT_LIMITS.email}
          required
          input={{ type: 'email', autocomplete: 'email', 'data-pattern': EMAIL_PATTERN }}
          emptyMessage={COMMENT_MESSAGES.emailInvalid}
          invalidMessage={COMMENT_MESSAGES.emailInvalid}
        />
        <Field
          name="url"
          label="Website"
          state={state}
          maxLength={COMMENT_LIMITS.website}
          input={{ type: 'text', inputmode: 'url', autocomplete: 'url' }}
        />
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
    </>
  ) as string;
}
