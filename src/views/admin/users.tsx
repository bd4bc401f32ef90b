import { ACCOUNT_LIMITS, RESET_LINK_HOURS } from '../../domain/people/credentials.ts';
import { ROLE_NAMES, ROLES, type StaffUser } from '../../domain/shared/model.ts';
import { formatDate } from '../format.ts';
import { paths } from '../../paths/site.ts';
import type { AdminContext } from './context.ts';
import { CheckboxField, CsrfField, FormErrors, SelectField, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

/** The newsroom address of a staff member's page. */
export function adminUserPath(user: Pick<StaffUser, 'id'>): string {
  return `/admin/users/${user.id}`;
}

/** Strongest role first, as an administrator reads down the list. */
const ROLE_OPTIONS = [...ROLES].reverse().map((role) => ({ value: role, label: ROLE_NAMES[role] }));

function AccountStatus({ user }: { user: StaffUser }): JSX.Element {
  if (user.disabled) return <span class="status status-trash">Disabled</span>;
  if (user.mustChangePassword) return <span class="status status-pending">Must choose a password</span>;
  return <span class="status status-approved">Active</span>;
}

export interface UsersPageProps {
  readonly admin: AdminContext;
  readonly users: readonly StaffUser[];
  readonly createState: FormState;
}

/** The staff list and the form that adds a member of staff. */
export function UsersPage({ admin, users, createState }: UsersPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Staff" wide>
      <h1>Staff</h1>
      <table class="list staff-list">
        <thead>
          <tr>
            <th scope="col">Name (byline)</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr>
              <td>
                <a href={adminUserPath(user)} safe>
                  {user.displayName}
                </a>
              </td>
              <td safe>{user.email}</td>
              <td safe>{ROLE_NAMES[user.role]}</td>
              <td>
                <AccountStatus user={user} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="new-user">Add a member of staff</h2>
      <form method="post" action="/admin/users" novalidate class="narrow-form" aria-labelledby="new-user">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={createState} />
        <TextField name="email" label="Email" state={createState} required input={{ type: 'email', autocomplete: 'off' }} />
        <TextField
          name="displayName"
          label="Name (their byline)"
          state={createState}
          required
          input={{ autocomplete: 'off', maxlength: String(ACCOUNT_LIMITS.name) }}
        />
        <SelectField name="role" label="Role" state={createState} options={ROLE_OPTIONS} />
        <TextField
          name="password"
          label="Password (optional)"
          hint="Leave it empty to have one generated. It is shown once, and they must choose their own at first sign-in."
          state={{ ...createState, values: {} }}
          input={{ type: 'password', autocomplete: 'new-password' }}
        />
        <p class="form-submit">
          <button type="submit" class="button">
            Add staff member
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}

/** Shown once, straight after the account was made: the generated password is stored nowhere else in the clear. */
export function UserCreatedPage({ admin, user, password }: { admin: AdminContext; user: StaffUser; password: string }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Staff account created">
      <h1>Staff account created</h1>
      <p safe>{`${user.displayName} (${user.email}) can now sign in as ${ROLE_NAMES[user.role].toLowerCase()}.`}</p>
      <p>Their temporary password, shown only this once:</p>
      <p class="generated-password">
        <code safe>{password}</code>
      </p>
      <p class="notice">
        Give it to them privately. It must be changed at first sign-in: until they choose their own password, the newsroom shows them
        nothing else.
      </p>
      <p class="actions">
        <a class="button secondary" href={adminUserPath(user)}>
          Open their account
        </a>
        <a href="/admin/users">Back to the staff list</a>
      </p>
    </AdminLayout>
  );
}

/** Shown once to the administrator who made it, where no mail server can send it: the link is stored nowhere in the clear. */
export function ResetLinkPage({ admin, user, link }: { admin: AdminContext; user: StaffUser; link: string }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Password reset link">
      <h1>Password reset link</h1>
      <p safe>{`This link lets ${user.displayName} (${user.email}) choose a new password. It is shown only this once:`}</p>
      <p class="generated-password">
        <code safe>{link}</code>
      </p>
      <p class="notice">
        {`Give it to them privately: whoever opens it can set the password. It works once, for ${RESET_LINK_HOURS} hours. No mail server is configured, so it was not mailed.`}
      </p>
      <p class="actions">
        <a class="button secondary" href={adminUserPath(user)}>
          Back to their account
        </a>
      </p>
    </AdminLayout>
  );
}

export interface UserEditPageProps {
  readonly admin: AdminContext;
  readonly user: StaffUser;
  readonly state: FormState;
  /** A refusal of the reset-link form. */
  readonly resetState: FormState;
  /** Whether reset links are mailed; without a mail server they are shown to the administrator instead. */
  readonly byMail: boolean;
}

/** One member of staff: role, whether the account may sign in, and a reset link. */
export function UserEditPage({ admin, user, state, resetState, byMail }: UserEditPageProps): JSX.Element {
  const action = adminUserPath(user);
  return (
    <AdminLayout admin={admin} title={user.displayName}>
      <p>
        <a href="/admin/users">← All staff</a>
      </p>
      <h1 safe>{user.displayName}</h1>
      <dl class="facts">
        <dt>Email</dt>
        <dd safe>{user.email}</dd>
        <dt>Byline</dt>
        <dd>
          <a href={paths.author(user.author.slug)} safe>
            {user.author.name}
          </a>
        </dd>
        <dt>Account</dt>
        <dd>
          <AccountStatus user={user} />
        </dd>
        <dt>Added</dt>
        <dd safe>{formatDate(admin.site, user.createdAt)}</dd>
      </dl>

      <h2 id="access">Role and access</h2>
      <form method="post" action={action} novalidate class="narrow-form" aria-labelledby="access">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={state} />
        <SelectField name="role" label="Role" state={state} options={ROLE_OPTIONS} />
        <CheckboxField name="disabled" label="Disabled: cannot sign in, and is signed out everywhere" state={state} />
        <p class="form-submit">
          <button type="submit" class="button">
            Save changes
          </button>
        </p>
      </form>

      <h2 id="password">Password</h2>
      <form method="post" action={`${action}/reset-link`} class="narrow-form" aria-labelledby="password">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={resetState} />
        <p class="aside" safe>
          {byMail
            ? `A link to choose a new password is mailed to ${user.email}. It works once, for ${RESET_LINK_HOURS} hours.`
            : `No mail server is configured: the link to choose a new password is shown to you once, to give to ${user.displayName}. It works once, for ${RESET_LINK_HOURS} hours.`}
        </p>
        <p class="form-submit">
          <button type="submit" class="button secondary">
            {byMail ? 'Send a password reset link' : 'Make a password reset link'}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
