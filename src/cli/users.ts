import { createStaffUserFromConsole, listStaffFromConsole } from '../domain/people/accounts.ts';
import { RESET_LINK_HOURS } from '../domain/people/credentials.ts';
import { issueResetLinkFromConsole } from '../domain/people/password-resets.ts';
import { ValidationError } from '../domain/shared/errors.ts';
import { ROLE_NAMES, ROLES, type Role } from '../domain/shared/model.ts';
import type { Command, CommandContext } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';
import { paths } from '../views/paths.ts';

/** The command-line option behind each field the domain names in a refusal. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  email: '--email',
  displayName: '--name',
  role: '--role',
  password: '--password',
};
/** Strongest first, as the usage text lists them. */
const ROLE_CHOICES = [...ROLES].reverse();

export const usersCommand: Command = {
  usage: `users create --email EMAIL --name NAME --role ${ROLE_CHOICES.join('|')} [--password PASSWORD]\nusers list\nusers reset-password EMAIL`,
  summary: 'Add staff accounts (a password is generated unless given), list them, print a one-time password reset link',
  async run(context) {
    const [action, ...rest] = context.args;
    if (action === 'create') return createUser({ ...context, args: rest });
    if (action === 'list') return listUsers({ ...context, args: rest });
    if (action === 'reset-password') return resetPassword({ ...context, args: rest });
    throw new UsageError(`unknown users action "${action ?? ''}" (use create, list or reset-password)`);
  },
};

async function createUser({ args, config, out }: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`users create takes options only, not "${positionals.join(' ')}"`);
  const missing = (['email', 'name', 'role'] as const).filter((option) => values[option] === undefined).map((option) => `--${option}`);
  if (missing.length > 0) throw new UsageError(`users create needs ${missing.join(', ')}`);
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLE_CHOICES.join(', ')}`);

  const runtime = await openRuntime(config);
  try {
    const { user, generatedPassword } = await createStaffUserFromConsole(runtime.deps, {
      fields: { email: values.email!, displayName: values.name!, role },
      ...(values.password !== undefined ? { password: values.password } : {}),
    });
    out(`Created ${ROLE_NAMES[user.role].toLowerCase()} ${user.displayName} <${user.email}>. Sign in at ${config.siteUrl}/admin/sign-in`);
    if (generatedPassword !== undefined) {
      out(`Password (shown only this once): ${generatedPassword}`);
      out('It must be changed at first sign-in.');
    }
    return 0;
  } catch (error) {
    throw error instanceof ValidationError ? withOptionNames(error) : error;
  } finally {
    await runtime.close();
  }
}

/** The domain's refusal with each field named as the option the user typed. */
function withOptionNames(error: ValidationError): ValidationError {
  const fields = Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [OPTION_OF_FIELD[field] ?? field, message]));
  return new ValidationError(fields, error.form);
}

async function listUsers({ args, config, out }: CommandContext): Promise<number> {
  if (args.length > 0) throw new UsageError('users list takes no arguments');
  const runtime = await openRuntime(config);
  try {
    const users = await listStaffFromConsole(runtime.deps);
    if (users.length === 0) out('No staff accounts yet. Add one with "broadsheet users create".');
    for (const user of users) {
      const notes = [user.disabled ? 'disabled' : '', user.mustChangePassword ? 'must change password' : ''].filter(Boolean);
      out(`${user.role.padEnd(11)}  ${user.email}  ${user.displayName}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

async function resetPassword({ args, config, out }: CommandContext): Promise<number> {
  const [email, ...extra] = args;
  if (!email || extra.length > 0) throw new UsageError('users reset-password takes one email address');
  const runtime = await openRuntime(config);
  try {
    const { user, token } = await issueResetLinkFromConsole(runtime.deps, { email });
    out(`One-time link for ${user.displayName} <${user.email}> to choose a new password (valid for ${RESET_LINK_HOURS} hours):`);
    out(`${config.siteUrl}${paths.passwordReset(token)}`);
    return 0;
  } finally {
    await runtime.close();
  }
}
