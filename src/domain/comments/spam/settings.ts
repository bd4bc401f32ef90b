import { Problems } from '../../shared/errors.ts';
import { authorize, type StaffActor } from '../../shared/policy.ts';
import type { Repositories } from '../../store.ts';
import type { CommentsDeps } from '../ports.ts';
import { blocklistLines, checkBlocklistLines, type Blocklist } from './blocklist.ts';

/** How the spam checks are tuned, in the newsroom at /admin/comments/spam. */
export interface SpamSettings {
  /** A form sent sooner than this after it was rendered is refused: people take longer to type. */
  readonly minSeconds: number;
  /** A comment with more links than this (in its text, and its website) is held for moderation. */
  readonly linkLimit: number;
  /** The learning filter's score (0 to 100) from which a comment is held for moderation. */
  readonly holdScore: number;
  /** The score from which a comment is marked as spam and never shown. */
  readonly spamScore: number;
  readonly blocklist: Blocklist;
}

export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  minSeconds: 3,
  linkLimit: 2,
  holdScore: 60,
  spamScore: 95,
  blocklist: { words: [], addresses: [], domains: [] },
};

/** The form's raw strings; the blocklists one entry per line. */
export interface SpamSettingsForm {
  readonly minSeconds: string;
  readonly linkLimit: string;
  readonly holdScore: string;
  readonly spamScore: string;
  readonly blockedWords: string;
  readonly blockedAddresses: string;
  readonly blockedDomains: string;
}

const PREFIX = 'spam.';
const KEYS: ReadonlyArray<keyof SpamSettingsForm> = [
  'minSeconds',
  'linkLimit',
  'holdScore',
  'spamScore',
  'blockedWords',
  'blockedAddresses',
  'blockedDomains',
];

/** The form's values for settings. */
export function spamSettingsForm(settings: SpamSettings): SpamSettingsForm {
  return {
    minSeconds: String(settings.minSeconds),
    linkLimit: String(settings.linkLimit),
    holdScore: String(settings.holdScore),
    spamScore: String(settings.spamScore),
    blockedWords: settings.blocklist.words.join('\n'),
    blockedAddresses: settings.blocklist.addresses.join('\n'),
    blockedDomains: settings.blocklist.domains.join('\n'),
  };
}

/**
 * The settings stored, over the defaults. A stored value that no longer passes (written by hand, or
 * by an older version) falls back to its default rather than breaking the comment form.
 */
export async function readSpamSettings(store: Pick<Repositories, 'settings'>): Promise<SpamSettings> {
  const stored = await store.settings.listByPrefix(PREFIX);
  const defaults = spamSettingsForm(DEFAULT_SPAM_SETTINGS);
  const form: { -readonly [K in keyof SpamSettingsForm]: string } = { ...defaults };
  for (const key of KEYS) form[key] = stored[PREFIX + key] ?? defaults[key];
  const { problems } = parse(form);
  for (const key of Object.keys(problems) as Array<keyof SpamSettingsForm>) form[key] = defaults[key];
  return parse(form).settings;
}

/** The settings for the newsroom's form; the same permission as the site's comment settings. */
export function viewSpamSettings(deps: CommentsDeps, input: { actor: StaffActor }): Promise<SpamSettings> {
  authorize(input.actor, 'settings.manage');
  return readSpamSettings(deps.store);
}

/** Checks and stores every spam setting at once; a refused form stores nothing and says what is wrong beside each field. */
export async function updateSpamSettings(
  deps: CommentsDeps,
  input: { actor: StaffActor; values: SpamSettingsForm },
): Promise<SpamSettings> {
  authorize(input.actor, 'settings.manage');
  const { settings, problems } = parse(input.values);
  const report = new Problems();
  for (const [field, message] of Object.entries(problems)) report.add(field, message);
  report.throwIfAny();
  const form = spamSettingsForm(settings);
  await deps.store.transaction(async (store) => {
    for (const key of KEYS) await store.settings.set(PREFIX + key, form[key]);
  });
  return settings;
}

function parse(form: SpamSettingsForm): { settings: SpamSettings; problems: Partial<Record<keyof SpamSettingsForm, string>> } {
  const problems: Partial<Record<keyof SpamSettingsForm, string>> = {};
  const whole = (key: keyof SpamSettingsForm, min: number, max: number, message: string): number => {
    const text = form[key].trim();
    const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) problems[key] = message;
    return value;
  };
  const minSeconds = whole('minSeconds', 0, 600, 'Enter a number of seconds from 0 to 600.');
  const linkLimit = whole('linkLimit', 0, 100, 'Enter a number of links from 0 to 100.');
  const holdScore = whole('holdScore', 1, 100, 'Enter a score from 1 to 100.');
  const spamScore = whole('spamScore', 1, 100, 'Enter a score from 1 to 100.');
  if (!problems.holdScore && !problems.spamScore && spamScore < holdScore) {
    problems.spamScore = 'The spam score must be at least the score that holds a comment.';
  }
  const words = blocklistLines(form.blockedWords);
  const addresses = blocklistLines(form.blockedAddresses);
  const domains = blocklistLines(form.blockedDomains);
  const check = (key: keyof SpamSettingsForm, kind: keyof Blocklist, lines: string[]) => {
    const problem = checkBlocklistLines(kind, lines);
    if (problem) problems[key] = problem;
  };
  check('blockedWords', 'words', words);
  check('blockedAddresses', 'addresses', addresses);
  check('blockedDomains', 'domains', domains);
  return { settings: { minSeconds, linkLimit, holdScore, spamScore, blocklist: { words, addresses, domains } }, problems };
}
