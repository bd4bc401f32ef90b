import { Problems } from '../shared/errors.ts';
import { canonicalLanguage, canonicalTimeZone } from '../shared/locale.ts';
import { authorize, type StaffActor } from '../shared/policy.ts';
import type { SiteDeps, SiteStore } from './ports.ts';
import type { CommentOrder } from '../shared/model.ts';

/**
 * What happens to a reader's comment when it arrives. `hold_first_time` is WordPress's default and
 * Broadsheet's: a commenter is published at once after a moderator has approved them once.
 */
export type CommentPolicy = 'hold_all' | 'hold_first_time' | 'publish_all';

export const COMMENT_POLICIES: ReadonlyArray<{ readonly value: CommentPolicy; readonly label: string }> = [
  { value: 'hold_all', label: 'Hold every comment for moderation' },
  { value: 'hold_first_time', label: 'Hold comments from first-time commenters (publish those with an approved comment)' },
  { value: 'publish_all', label: 'Publish every comment at once' },
];

/** What a feed item carries: the whole article, or its standfirst and a link to read on. */
export type FeedContent = 'full' | 'excerpt';

export const FEED_CONTENTS: ReadonlyArray<{ readonly value: FeedContent; readonly label: string }> = [
  { value: 'full', label: 'The full article' },
  { value: 'excerpt', label: 'The standfirst only, with a link to the article' },
];

export type { CommentOrder };

export const COMMENT_ORDERS: ReadonlyArray<{ readonly value: CommentOrder; readonly label: string }> = [
  { value: 'oldest', label: 'Oldest first (the first page holds the first conversations)' },
  { value: 'newest', label: 'Newest first (the first page holds the latest conversations)' },
];

/** How an article's comment threads are paged: this many threads a page (each with all its replies), in this order. */
export interface CommentPaging {
  readonly commentsPerPage: number;
  readonly commentOrder: CommentOrder;
}

/** The rules a new comment is checked against. */
export interface CommentRules {
  readonly commentPolicy: CommentPolicy;
  /** Comments close on articles published this many days ago; 0 keeps them open. */
  readonly closeCommentsAfterDays: number;
}

/** The publication's settings as administrators set them in the newsroom. */
export interface SiteSettings extends CommentRules, CommentPaging {
  readonly title: string;
  readonly description: string;
  /** BCP 47 language tag of the publication, used for `<html lang>` and dates. */
  readonly language: string;
  /** IANA time zone the publication's dates are shown in. */
  readonly timeZone: string;
  readonly feedContent: FeedContent;
}

/** What the environment provides until an administrator saves settings of their own. */
export type SiteDefaults = Pick<SiteSettings, 'title' | 'description' | 'language' | 'timeZone'>;

/** The form's raw strings, by field name. */
export type SiteSettingsForm = { readonly [K in keyof SiteSettings]: string };

export const SITE_SETTINGS_LIMITS = { title: 100, description: 300, closeCommentsAfterDays: 36_500, commentsPerPage: 200 } as const;

const DEFAULT_COMMENT_RULES: CommentRules = { commentPolicy: 'hold_first_time', closeCommentsAfterDays: 0 };
/** WordPress's defaults: 50 top-level comments a page, oldest first. */
export const DEFAULT_COMMENT_PAGING: CommentPaging = { commentsPerPage: 50, commentOrder: 'oldest' };
const DEFAULT_FEED_CONTENT: FeedContent = 'full';

/**
 * Every site setting is stored under this prefix in the settings table, so one query reads them
 * all; exports and imports carry exactly these keys.
 */
export const SITE_SETTING_PREFIX = 'site.';
const PREFIX = SITE_SETTING_PREFIX;
const FIELDS: ReadonlyArray<keyof SiteSettings> = [
  'title',
  'description',
  'language',
  'timeZone',
  'commentPolicy',
  'closeCommentsAfterDays',
  'commentsPerPage',
  'commentOrder',
  'feedContent',
];

/** The settings with nothing stored: the environment's, and the default comment rules. */
export function defaultSiteSettings(defaults: SiteDefaults): SiteSettings {
  return { ...defaults, ...DEFAULT_COMMENT_RULES, ...DEFAULT_COMMENT_PAGING, feedContent: DEFAULT_FEED_CONTENT };
}

/**
 * Settings from stored `site.*` values over the defaults. A stored value that no longer passes the
 * checks (written by hand, or by an older version) falls back to its default rather than breaking
 * every page.
 */
export function siteSettingsFrom(stored: Readonly<Record<string, string>>, defaults: SiteDefaults): SiteSettings {
  const fallback = defaultSiteSettings(defaults);
  const { values, problems } = checkFields({
    title: stored[`${PREFIX}title`] ?? fallback.title,
    description: stored[`${PREFIX}description`] ?? fallback.description,
    language: stored[`${PREFIX}language`] ?? fallback.language,
    timeZone: stored[`${PREFIX}timeZone`] ?? fallback.timeZone,
    commentPolicy: stored[`${PREFIX}commentPolicy`] ?? fallback.commentPolicy,
    closeCommentsAfterDays: stored[`${PREFIX}closeCommentsAfterDays`] ?? String(fallback.closeCommentsAfterDays),
    commentsPerPage: stored[`${PREFIX}commentsPerPage`] ?? String(fallback.commentsPerPage),
    commentOrder: stored[`${PREFIX}commentOrder`] ?? fallback.commentOrder,
    feedContent: stored[`${PREFIX}feedContent`] ?? fallback.feedContent,
  });
  const valid = <K extends keyof SiteSettings>(field: K): SiteSettings[K] => (problems[field] ? fallback[field] : values[field]);
  return {
    title: valid('title'),
    description: valid('description'),
    language: valid('language'),
    timeZone: valid('timeZone'),
    commentPolicy: valid('commentPolicy'),
    closeCommentsAfterDays: valid('closeCommentsAfterDays'),
    commentsPerPage: valid('commentsPerPage'),
    commentOrder: valid('commentOrder'),
    feedContent: valid('feedContent'),
  };
}

/** The publication's settings, in one query. Every page reads them, signed in or not. */
export async function readSiteSettings(deps: SiteDeps, defaults: SiteDefaults): Promise<SiteSettings> {
  return siteSettingsFrom(await deps.store.settings.listByPrefix(PREFIX), defaults);
}

/** The comment rules alone, for checking a comment inside its transaction. */
export async function readCommentRules(store: SiteStore): Promise<CommentRules> {
  // The comment rules have no environment defaults, so any identity will do here.
  const identity: SiteDefaults = { title: '', description: '', language: 'en', timeZone: 'UTC' };
  const { commentPolicy, closeCommentsAfterDays } = siteSettingsFrom(await store.settings.listByPrefix(PREFIX), identity);
  return { commentPolicy, closeCommentsAfterDays };
}

/** The settings for the administrators' form. */
export async function viewSiteSettings(deps: SiteDeps, input: { actor: StaffActor; defaults: SiteDefaults }): Promise<SiteSettings> {
  authorize(input.actor, 'settings.manage');
  return readSiteSettings(deps, input.defaults);
}

/** Checks and stores every setting at once; a refused form stores nothing and says what is wrong beside each field. */
export async function updateSiteSettings(deps: SiteDeps, input: { actor: StaffActor; values: SiteSettingsForm }): Promise<SiteSettings> {
  authorize(input.actor, 'settings.manage');
  const settings = checkSiteSettings(input.values);
  await deps.store.transaction(async (store) => {
    for (const field of FIELDS) await store.settings.set(PREFIX + field, String(settings[field]));
  });
  return settings;
}

/** The settings a form describes, canonicalised (`zh-hant` becomes `zh-Hant`); throws ValidationError listing every problem. */
export function checkSiteSettings(form: SiteSettingsForm): SiteSettings {
  const { values, problems } = checkFields(form);
  const report = new Problems();
  for (const [field, message] of Object.entries(problems)) report.add(field, message);
  report.throwIfAny();
  return values;
}

/** The values a form describes, and the problems by field; a refused field's value is only a placeholder. */
function checkFields(form: SiteSettingsForm): { values: SiteSettings; problems: Partial<Record<keyof SiteSettings, string>> } {
  const problems: Partial<Record<keyof SiteSettings, string>> = {};
  const title = form.title.trim().replace(/\s+/g, ' ');
  if (!title) problems.title = 'Give the publication a title';
  else if (title.length > SITE_SETTINGS_LIMITS.title) problems.title = `Keep the title under ${SITE_SETTINGS_LIMITS.title} characters`;
  const description = form.description.trim().replace(/\s+/g, ' ');
  if (description.length > SITE_SETTINGS_LIMITS.description) {
    problems.description = `Keep the description under ${SITE_SETTINGS_LIMITS.description} characters`;
  }
  const language = canonicalLanguage(form.language);
  if (!language) problems.language = 'Use a language tag such as en, en-GB, zh-Hant or ja';
  const timeZone = canonicalTimeZone(form.timeZone);
  if (!timeZone) problems.timeZone = 'Use a time zone from the list, such as Asia/Hong_Kong, Europe/London or UTC';
  const commentPolicy = COMMENT_POLICIES.find((policy) => policy.value === form.commentPolicy)?.value;
  if (!commentPolicy) problems.commentPolicy = 'Choose one of the comment policies';
  const rawDays = form.closeCommentsAfterDays.trim();
  const days = rawDays === '' ? 0 : Number(rawDays);
  const daysValid = /^\d*$/.test(rawDays) && days <= SITE_SETTINGS_LIMITS.closeCommentsAfterDays;
  if (!daysValid) problems.closeCommentsAfterDays = 'Enter a whole number of days, or 0 to keep comments open';
  const rawPerPage = form.commentsPerPage.trim();
  const perPage = Number(rawPerPage);
  const perPageValid = /^\d{1,4}$/.test(rawPerPage) && perPage >= 1 && perPage <= SITE_SETTINGS_LIMITS.commentsPerPage;
  if (!perPageValid) {
    problems.commentsPerPage = `Enter a whole number of conversations from 1 to ${SITE_SETTINGS_LIMITS.commentsPerPage}`;
  }
  const commentOrder = COMMENT_ORDERS.find((choice) => choice.value === form.commentOrder)?.value;
  if (!commentOrder) problems.commentOrder = 'Choose which comments come first';
  const feedContent = FEED_CONTENTS.find((choice) => choice.value === form.feedContent)?.value;
  if (!feedContent) problems.feedContent = 'Choose what feed items carry';
  return {
    values: {
      title,
      description,
      language: language ?? '',
      timeZone: timeZone ?? '',
      commentPolicy: commentPolicy ?? DEFAULT_COMMENT_RULES.commentPolicy,
      closeCommentsAfterDays: daysValid ? days : 0,
      commentsPerPage: perPageValid ? perPage : DEFAULT_COMMENT_PAGING.commentsPerPage,
      commentOrder: commentOrder ?? DEFAULT_COMMENT_PAGING.commentOrder,
      feedContent: feedContent ?? DEFAULT_FEED_CONTENT,
    },
    problems,
  };
}
