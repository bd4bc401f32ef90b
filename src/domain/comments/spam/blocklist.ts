import { BlockList, isIP } from 'node:net';
import { hostOf, linkHosts, type CommentText } from './tokens.ts';

/**
 * The newsroom's blocklist: words, client addresses (single addresses or CIDR ranges) and domains.
 * A comment that matches any entry is marked as spam. Entries are kept one per line, as typed.
 */
export interface Blocklist {
  readonly words: readonly string[];
  readonly addresses: readonly string[];
  readonly domains: readonly string[];
}

export const EMPTY_BLOCKLIST: Blocklist = { words: [], addresses: [], domains: [] };
/** Bounds on what one list may hold, so checking a comment stays cheap. */
export const BLOCKLIST_LIMITS = { entries: 2000, length: 200 } as const;

/** The entries of a list as typed: one per line, trimmed, blank lines and repeats dropped. */
export function blocklistLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r\n?|\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}

/** The problem with a list's entries, or undefined when every entry is valid. */
export function checkBlocklistLines(kind: keyof Blocklist, lines: readonly string[]): string | undefined {
  if (lines.length > BLOCKLIST_LIMITS.entries) return `Keep the list under ${BLOCKLIST_LIMITS.entries.toLocaleString('en')} entries.`;
  for (const [index, line] of lines.entries()) {
    const problem =
      line.length > BLOCKLIST_LIMITS.length ? `keep each entry under ${BLOCKLIST_LIMITS.length} characters` : entryProblem(kind, line);
    if (problem) return `Line ${index + 1} (“${line.slice(0, 60)}”): ${problem}.`;
  }
  return undefined;
}

function entryProblem(kind: keyof Blocklist, line: string): string | undefined {
  if (kind === 'addresses') return parseRange(line) ? undefined : 'not an address or a range such as 192.0.2.0/24 or 2001:db8::/32';
  if (kind === 'domains') return domainOf(line) ? undefined : 'not a domain such as example.com';
  return [...line].length >= 2 ? undefined : 'a word needs at least two characters';
}

/** An address or CIDR range, or null when the line is neither. */
function parseRange(line: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = line.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

/** A domain entry as compared: lowercased, punycoded, without `*.`, `@` or `www.`; null when it is not a domain. */
export function domainOf(line: string): string | null {
  const bare = line.toLowerCase().replace(/^(?:\*\.|\.|@)/, '');
  if (!bare.includes('.') || /[\s/:@?#]/.test(bare)) return null;
  const host = hostOf(bare);
  return host && /^[a-z0-9.-]+$/.test(host) && !isIP(host) ? host : null;
}

/** What a comment is checked against, besides its text: the client's address as it arrived (never stored). */
export interface BlocklistSubject extends CommentText {
  readonly clientAddress: string;
}

/** The first entry a comment matches, as a sentence for the moderation queue, or null. */
export function matchBlocklist(list: Blocklist, subject: BlocklistSubject): string | null {
  return matchAddress(list.addresses, subject.clientAddress) ?? matchDomain(list.domains, subject) ?? matchWord(list.words, subject);
}

function matchAddress(entries: readonly string[], raw: string): string | null {
  // An IPv4 client on a dual-stack socket arrives as ::ffff:192.0.2.1.
  const address = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(raw) ? raw.slice(7) : raw;
  const version = isIP(address);
  if (version === 0 || entries.length === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const ranges = entries.flatMap((entry) => {
    const range = parseRange(entry);
    return range ? [{ entry, ...range }] : [];
  });
  // One list answers whether any range holds the address; only then is the entry named.
  const all = new BlockList();
  for (const range of ranges) all.addSubnet(range.address, range.prefix, range.family);
  if (!all.check(address, family)) return null;
  const hit = ranges.find((range) => {
    const one = new BlockList();
    one.addSubnet(range.address, range.prefix, range.family);
    return one.check(address, family);
  });
  return `The client address is in the blocklist (${hit?.entry ?? address}).`;
}

function matchDomain(entries: readonly string[], subject: BlocklistSubject): string | null {
  if (entries.length === 0) return null;
  const hosts = [
    { where: 'email', host: subject.email.slice(subject.email.lastIndexOf('@') + 1).toLowerCase() },
    ...(subject.website ? [{ where: 'website', host: hostOf(subject.website) ?? '' }] : []),
    ...linkHosts(subject.body).map((host) => ({ where: 'link', host })),
  ];
  for (const entry of entries) {
    const domain = domainOf(entry);
    if (!domain) continue;
    const hit = hosts.find(({ host }) => host === domain || host.endsWith(`.${domain}`));
    if (hit) return `The ${hit.where} domain ${hit.host} is in the blocklist (${entry}).`;
  }
  return null;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;

function matchWord(entries: readonly string[], subject: BlocklistSubject): string | null {
  const text = `${subject.name}\n${subject.body}\n${subject.website ?? ''}`.normalize('NFKC').toLowerCase();
  for (const entry of entries) {
    const word = entry.normalize('NFKC').toLowerCase();
    if (containsWord(text, word)) return `The comment contains a blocked word (${entry}).`;
  }
  return null;
}

/**
 * Whether `word` occurs in `text` as a whole word: "sex" does not match "Essex". Chinese, Japanese
 * and Korean have no spaces between words, so there any occurrence counts.
 */
function containsWord(text: string, word: string): boolean {
  const chars = [...word];
  const edgeIsCjk = (char: string | undefined) => char !== undefined && CJK.test(char);
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    const openBefore = edgeIsCjk(chars[0]) || before === undefined || !WORD_CHAR.test(before);
    const openAfter = edgeIsCjk(chars.at(-1)) || after === undefined || !WORD_CHAR.test(after);
    if (openBefore && openAfter) return true;
  }
  return false;
}
