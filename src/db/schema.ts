import type { Generated, Kysely, Selectable } from 'kysely';

/**
 * Row types as stored. Times are ISO-8601 UTC strings (they sort as text on SQLite and PostgreSQL
 * alike) and flags are 0/1 integers, so one set of migrations serves both dialects.
 */
export interface Database {
  settings: { key: string; value: string };
  authors: { id: Generated<number>; slug: string; name: string; name_key: string; bio: string; created_at: string };
  tags: {
    id: Generated<number>;
    slug: string;
    name: string;
    name_key: string;
    description: string;
    is_section: number;
    position: number;
    created_at: string;
    parent_id: number | null;
  };
  tag_aliases: { id: Generated<number>; tag_id: number; name: string; name_key: string; slug: string };
  articles: {
    id: Generated<number>;
    slug: string;
    headline: string;
    standfirst: string;
    body_source: string;
    body_html: string;
    status: string;
    published_at: string | null;
    created_at: string;
    updated_at: string;
    author_id: number;
    comments_open: Generated<number>;
    comment_count: Generated<number>;
    language: string | null;
    featured: Generated<number>;
    body_format: Generated<string>;
    image_id: number | null;
  };
  /** `listed_at` mirrors the article's `published_at` unless it is a draft (then null). */
  article_tags: { article_id: number; tag_id: number; position: number; listed_at: string | null };
  comments: {
    id: Generated<number>;
    article_id: number;
    parent_id: number | null;
    depth: number;
    author_name: string;
    author_email: string;
    author_url: string | null;
    body_source: string;
    body_html: string;
    status: string;
    created_at: string;
    client_address_hash: string;
    user_agent: string;
    staff_user_id: number | null;
    edited_at: string | null;
    /** The learning filter's spam probability (0 to 1) when the comment arrived; null when not scored. */
    spam_score: Generated<number | null>;
    /** JSON array of SpamReason: why the comment was held or marked as spam. */
    spam_reasons: Generated<string>;
    /** What the learning filter learned from this comment: 'spam', 'ham', or null for nothing. */
    trained_as: Generated<string | null>;
    /** A hash of the normalised body, for duplicate detection; null for comments from before it. */
    body_key: Generated<string | null>;
    /** Akismet's answer ('spam' or 'ham'); null until it was asked, or when it is not used. */
    akismet_verdict: string | null;
    /** The reader's raw address, for Akismet corrections only; null once a moderator decided, after 30 days, or without Akismet. */
    akismet_user_ip: string | null;
  };
  /** Each article's conversations readers see (approved comments without an approved parent), kept by the triggers of migration 013. */
  comment_threads: { article_id: number; conversations: number };
  /** The learning filter's counts; the row with the empty token counts trained comments. */
  spam_tokens: { token: string; spam: number; ham: number };
  users: {
    id: Generated<number>;
    email: string;
    display_name: string;
    role: string;
    password_hash: string;
    author_id: number;
    must_change_password: Generated<number>;
    disabled: Generated<number>;
    created_at: string;
  };
  sessions: { token_hash: string; user_id: number; created_at: string; expires_at: string; user_agent: string };
  password_resets: { token_hash: string; user_id: number; created_at: string; expires_at: string; used_at: string | null };
  sign_in_attempts: { id: Generated<number>; email: string; client_address_hash: string; at: string };
  password_reset_requests: { id: Generated<number>; email: string; client_address_hash: string; at: string };
  article_revisions: {
    id: Generated<number>;
    article_id: number;
    user_id: number | null;
    created_at: string;
    headline: string;
    standfirst: string;
    slug: string;
    body_source: string;
    /** JSON array of tag names in the editor's order. */
    tags: string;
    author_id: number;
    status: string;
    published_at: string | null;
    featured: number;
    body_format: Generated<string>;
  };
  /** A public article's former slugs; each still leads to the article. */
  article_slug_redirects: { slug: string; article_id: number };
  article_corrections: { id: Generated<number>; article_id: number; user_id: number | null; body: string; created_at: string };
  /** `article_id` is 0 for an article that has not been saved yet. */
  autosaves: { user_id: number; article_id: number; fields: string; saved_at: string };
  /**
   * Pictures: imported ones left on the old site (`url`, status `external`) and uploads to the
   * media library (a private `original_key`, status processing, ready or failed); migration 014.
   */
  media: {
    id: Generated<number>;
    /** The old site's address of an imported picture; empty for an upload. */
    url: string;
    title: string;
    alt: string;
    caption: string;
    /** An upload's type as its content showed it, never as its name or the browser said. */
    mime_type: string;
    article_id: number | null;
    created_at: string;
    original_name: Generated<string>;
    original_key: string | null;
    byte_size: number | null;
    width: number | null;
    height: number | null;
    credit: Generated<string>;
    focal_x: Generated<number>;
    focal_y: Generated<number>;
    /** `#rrggbb`, once processed. */
    placeholder: string | null;
    status: Generated<string>;
    failure: string | null;
    uploaded_by: number | null;
  };
  /** The library pictures an article's body shows (`media:ID`); migration 015. */
  article_body_media: { article_id: number; media_id: number };
  page_body_media: { page_id: number; media_id: number };
  /** The files made from an upload's original; `file_name` carries a hash of its bytes. */
  media_renditions: {
    id: Generated<number>;
    media_id: number;
    purpose: string;
    format: string;
    width: number;
    height: number;
    file_name: string;
    bytes: number;
  };
  pages: {
    id: Generated<number>;
    slug: string;
    title: string;
    status: string;
    published_at: string | null;
    created_at: string;
    updated_at: string;
    author_id: number;
    body_format: string;
    body_source: string;
    body_html: string;
  };
  /** `path` is normalised by `legacyPathKey`: a decoded path without a trailing slash, or "?p=ID". */
  legacy_redirects: { path: string; target_kind: string; target_id: number };
  imported_items: { source: string; kind: string; external_id: string; local_id: number; hash: string };
  moderation_log: {
    id: Generated<number>;
    comment_id: number;
    user_id: number | null;
    action: string;
    from_status: string;
    to_status: string;
    at: string;
  };
  /** Outbound work, written with the change that causes it; see docs/outbox.md. */
  outbox: {
    id: Generated<number>;
    kind: string;
    /** JSON; emptied to `{}` once the job is done, so no personal data outlives the work. */
    payload: string;
    created_at: string;
    run_after: string;
    attempts: Generated<number>;
    last_error: string | null;
    locked_until: string | null;
    claimed_by: string | null;
    done_at: string | null;
    dead_at: string | null;
  };
  /**
   * The surrogate keys (`cacheKey`) each committed change touched, written by triggers (migration
   * 011) whichever process made the change; read by the change feed, pruned after an hour.
   */
  cache_changes: { id: Generated<number>; key: string; changed_at: string };
}

/** A row as read back, with generated columns filled in. */
export type Row<T extends keyof Database> = Selectable<Database[T]>;

/** The database as Kysely sees it, whichever dialect is underneath. */
export type DB = Kysely<Database>;
