import { ACCOUNT_LIMITS } from '../../domain/people/credentials.ts';
import { ROLE_NAMES } from '../../domain/shared/model.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FormErrors, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';
import { paths } from '../../paths/site.ts';

const passwordHint = `At least ${ACCOUNT_LIMITS.passwordMin} characters. A few unrelated words make a strong one.`;

/** The account's email, which password managers take as the user name. */
function EmailField({ state }: { state: FormState }): JSX.Element {
  return <TextField name="email" label="Email" state={state} required input={{ type: 'email', autocomplete: 'username' }} />;
}

/** A password box; it never shows what was typed, even when the form comes back refused. */
function PasswordField(props: { name: string; label: string; state: FormState; kind: 'current' | 'new' }): JSX.Element {
  return (
    <TextField
      name={props.name}
      label={props.label}
      hint={props.kind === 'new' ? passwordHint : undefined}
      state={{ ...props.state, values: {} }}
      required
      input={{ type: 'password', autocomplete: `${props.kind}-password` }}
    />
  );
}

export interface SignInProps {
  readonly admin: AdminContext;
  readonly state: FormState;
  /** Where to go after signing in. */
  readonly next: string;
  /** Editor text posted after the session ended, handed back to the editor after sign-in. */
  readonly stash?: string | undefined;
  readonly notice?: string | undefined;
}

export function SignInPage({ admin, state, next, stash, notice }: SignInProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Sign in">
      <div class="auth-card">
        <h1>Sign in to the newsroom</h1>
        {notice ? (
          <p class="notice" role="status" safe>
            {notice}
          </p>
        ) : (
          ''
        )}
        <form method="post" action="/admin/sign-in" novalidate>
          <CsrfField token={admin.csrfToken} />
          <input type="hidden" name="next" value={next} />
          {stash ? <input type="hidden" name="stash" value={stash} /> : ''}
          <FormErrors state={state} />
          <EmailField state={state} />
          <PasswordField name="password" label="Password" state={state} kind="current" />
          <p class="form-submit">
            <button type="submit" class="button">
              Sign in
            </button>
            <a href="/admin/forgot">Forgot your password?</a>
          </p>
        </form>
      </div>
    </AdminLayout>
  );
}

export function SetupPage({ admin, state, token }: { admin: AdminContext; state: FormState; token: string }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Create the administrator">
      <div class="auth-card">
        <h1>Create the first administrator</h1>
        <p>This account runs the publication: it adds the rest of the staff and changes the site's settings.</p>
        <form method="post" action={paths.setup(token)} novalidate>
          <CsrfField token={admin.csrfToken} />
          <FormErrors state={state} />
          <TextField
            name="displayName"
            label="Your name (your byline)"
            state={state}
            required
            input={{ autocomplete: 'name', maxlength: String(ACCOUNT_LIMITS.name) }}
          />
          <EmailField state={state} />
          <PasswordField name="password" label="Password" state={state} kind="new" />
          <p class="form-submit">
            <button type="submit" class="button">
              Create account and sign in
            </button>
          </p>
        </form>
      </div>
    </AdminLayout>
  );
}

/**
 * The form that mails a reset link. `byMail` is false where no mail server can send one (in
 * production): the page then says who can make a link instead.
 */
export function ForgotPage({
  admin,
  state,
  sent,
  byMail,
}: {
  admin: AdminContext;
  state: FormState;
  sent: boolean;
  byMail: boolean;
}): JSX.Element {
  if (!byMail) {
    return (
      <AdminLayout admin={admin} title="Reset your password">
        <div class="auth-card">
          <h1>Reset your password</h1>
          <FormErrors state={{ ...state, fieldErrors: {} }} />
          <p>
            This site cannot send email yet, so a reset link cannot be mailed to you. Ask an administrator to make one for you on your
            account's page under Staff, or ask whoever runs the server to run <code>npx broadsheet users reset-password</code> with your
            email address.
          </p>
          <p>
            <a href="/admin/sign-in">Back to sign in</a>
          </p>
        </div>
      </AdminLayout>
    );
  }
  return (
    <AdminLayout admin={admin} title="Reset your password">
      <div class="auth-card">
        <h1>Reset your password</h1>
        {sent ? (
          <p class="notice" role="status">
            If an active account uses that address, a reset link is on its way. It works once, for two hours.
          </p>
        ) : (
          <p>Enter the email address of your account and we will send a link to set a new password.</p>
        )}
        <form method="post" action="/admin/forgot" novalidate>
          <CsrfField token={admin.csrfToken} />
          <FormErrors state={state} />
          <EmailField state={state} />
          <p class="form-submit">
            <button type="submit" class="button">
              Send the reset link
            </button>
            <a href="/admin/sign-in">Back to sign in</a>
          </p>
        </form>
      </div>
    </AdminLayout>
  );
}

export function ResetPage({
  admin,
  state,
  token,
  email,
}: {
  admin: AdminContext;
  state: FormState;
  token: string;
  email: string;
}): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Choose a new password">
      <div class="auth-card">
        <h1>Choose a new password</h1>
        <form method="post" action={paths.passwordReset(token)} novalidate>
          <CsrfField token={admin.csrfToken} />
          <FormErrors state={state} />
          <input type="hidden" name="username" value={email} autocomplete="username" />
          <PasswordField name="newPassword" label="New password" state={state} kind="new" />
          <p class="form-submit">
            <button type="submit" class="button">
              Set the password and sign in
            </button>
          </p>
        </form>
      </div>
    </AdminLayout>
  );
}

export function AccountPage({ admin, state }: { admin: AdminContext; state: FormState }): JSX.Element {
  const user = admin.user!;
  return (
    <AdminLayout admin={admin} title="Your account">
      <h1>Your account</h1>
      {user.mustChangePassword ? (
        <p class="notice" role="status">
          Your password was set by someone else. Choose your own to continue.
        </p>
      ) : (
        ''
      )}
      <dl class="facts">
        <dt>Name (byline)</dt>
        <dd>
          <a href={`/author/${user.author.slug}`} safe>
            {user.displayName}
          </a>
        </dd>
        <dt>Email</dt>
        <dd safe>{user.email}</dd>
        <dt>Role</dt>
        <dd safe>{ROLE_NAMES[user.role]}</dd>
      </dl>
      <h2>Change your password</h2>
      <form method="post" action="/admin/account/password" novalidate class="narrow-form">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={state} />
        <input type="hidden" name="username" value={user.email} autocomplete="username" />
        <PasswordField name="currentPassword" label="Current password" state={state} kind="current" />
        <PasswordField name="newPassword" label="New password" state={state} kind="new" />
        <p class="form-submit">
          <button type="submit" class="button">
            Change password
          </button>
        </p>
      </form>
      <p class="aside">Changing your password signs you out everywhere else.</p>
    </AdminLayout>
  );
}
