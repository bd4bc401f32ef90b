/**
 * What the learning filter and the link limit read from a comment: word tokens, the hosts it
 * links to, and a few facts about its shape. Tokens are Unicode-aware: Latin, Cyrillic and the like
 * split into words; Chinese, Japanese and Korean, written without spaces, split into overlapping
 * character pairs (so "房地产" gives "房地" and "地产"), which is how search engines index them too.
 */

/** A comment's text as the checks see it. */
export interface CommentText {
  readonly body: string;
  readonly name: string;
  readonly email: string;
  /** The website as normalised by the form checks, or null. */
  readonly website: string | null;
}

/** At most this many distinct tokens of one comment are scored or learned: a bound on the work one comment causes. */
export const MAX_TOKENS_PER_COMMENT = 400;
const MAX_WORD_LENGTH = 30;

const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;
// A fixed prefix, then one run of characters that cannot end a link: linear, whatever the input.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`()[\]{}]+/giu;

/** The hosts a text links to, lowercased, without a leading `www.`, in order of appearance, repeats kept. */
export function linkHosts(text: string): string[] {
  const hosts: string[] = [];
  for (const match of text.matchAll(LINK)) {
    const host = hostOf(match[0]);
    if (host) hosts.push(host);
  }
  return hosts;
}

/** The host of a web address (with or without its scheme), or null when it has none. */
export function hostOf(address: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(address) ? address : `http://${address}`);
    return url.hostname.replace(/^www\./, '').replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/** How many links a comment carries: each link in its body, and its website. */
export function countLinks(text: CommentText): number {
  return linkHosts(text.body).length + (text.website ? 1 : 0);
}

/** The words of a text: lowercased word tokens, and character pairs for CJK runs. */
export function wordTokens(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase().replace(LINK, ' ');
  const tokens: string[] = [];
  for (const [run] of normal.matchAll(CJK_RUN)) {
    const chars = [...run];
    if (chars.length === 1) tokens.push(run);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
  }
  for (const [word] of normal.replace(CJK_RUN, ' ').matchAll(WORD)) {
    if ([...word].length >= 2) tokens.push(word.slice(0, MAX_WORD_LENGTH));
  }
  return tokens;
}

/**
 * The distinct tokens the filter scores for a comment: its words, `link:` for each host it links
 * to (and `site:` for the website's), `email:` for the email's domain, and `links:N` for how many
 * links it has (3 meaning three or more). The filter counts presence, not repeats.
 */
export function commentTokens(text: CommentText): string[] {
  const tokens = new Set<string>();
  const add = (token: string) => {
    if (tokens.size < MAX_TOKENS_PER_COMMENT) tokens.add(token);
  };
  const hosts = linkHosts(text.body);
  add(`links:${Math.min(hosts.length + (text.website ? 1 : 0), 3)}`);
  for (const host of hosts) add(`link:${host}`);
  const site = text.website ? hostOf(text.website) : null;
  if (site) add(`site:${site}`);
  const at = text.email.lastIndexOf('@');
  if (at !== -1) add(`email:${text.email.slice(at + 1).toLowerCase()}`);
  for (const word of wordTokens(text.name)) add(`name:${word}`);
  for (const word of wordTokens(text.body)) add(word);
  return [...tokens];
}
