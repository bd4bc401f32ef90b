/**
 * What a reader typed into the search box, read into terms the index can answer: words (stemmed
 * by the index, so `cooperate` finds `cooperation`), quoted phrases, and runs of Chinese, Japanese
 * or Korean text, which are written without spaces and are found as substrings. Nothing the reader
 * types is ever handed to the index's query language as it is: only these terms are.
 */

/** Longer input is refused with a friendly message rather than searched. */
export const MAX_QUERY_LENGTH = 200;
/** Terms past this many are left out, so that a pasted paragraph does not make one huge query. */
export const MAX_TERMS = 8;

/** A run of CJK characters: Han, kana, Hangul, and the marks written inside such words. */
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30fc\u3005\u3006]+/gu;
/** A word as the index splits text: letters and digits, with their combining marks. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * Words so common that requiring them would only hide good matches ("the harbour" should rank a
 * headline about the harbour first). They are dropped unless the query has nothing else.
 */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has he in is it its of on or that the their this to was were will with'.split(' '),
);

export interface SearchTerms {
  /** Each entry is one word, or the words of a quoted phrase in order, lower-cased. */
  readonly words: ReadonlyArray<readonly string[]>;
  /** CJK runs, matched as substrings. */
  readonly cjk: readonly string[];
}

export type ParsedSearch =
  | { readonly kind: 'terms'; readonly terms: SearchTerms; readonly dropped: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-long' };

/** Reads the search box's text into terms; `empty` when nothing searchable is left. */
export function parseSearchText(raw: string): ParsedSearch {
  if (raw.length > MAX_QUERY_LENGTH) return { kind: 'too-long' };
  const text = raw.normalize('NFKC');
  const segments = text.split('"');
  // An unmatched quote is read as a space: only the quotes that pair up make phrases.
  if (segments.length % 2 === 0) segments.splice(-2, 2, `${segments.at(-2)} ${segments.at(-1)}`);
  const words: string[][] = [];
  const cjk: string[] = [];
  segments.forEach((segment, index) => {
    const quoted = index % 2 === 1;
    for (const run of segment.match(CJK_RUN) ?? []) cjk.push(run);
    const tokens = (segment.replace(CJK_RUN, ' ').match(WORD) ?? []).map((word) => word.toLowerCase());
    if (quoted && tokens.length > 1) words.push(tokens);
    else for (const token of tokens) words.push([token]);
  });
  const meaningful = words.filter((phrase) => phrase.length > 1 || !STOP_WORDS.has(phrase[0]!));
  const kept = unique(meaningful.length > 0 || cjk.length > 0 ? meaningful : words);
  const keptCjk = unique(cjk.map((run) => [run])).map(([run]) => run!);
  const total = kept.length + keptCjk.length;
  if (total === 0) return { kind: 'empty' };
  const wordRoom = Math.min(kept.length, Math.max(MAX_TERMS - keptCjk.length, Math.ceil(MAX_TERMS / 2)));
  const terms = { words: kept.slice(0, wordRoom), cjk: keptCjk.slice(0, MAX_TERMS - wordRoom) };
  return { kind: 'terms', terms, dropped: total - terms.words.length - terms.cjk.length };
}

/** The CJK runs of a text, in order: what the substring index holds of it. */
export function cjkRuns(text: string): string[] {
  return text.match(CJK_RUN) ?? [];
}

function unique(phrases: readonly string[][]): string[][] {
  const seen = new Set<string>();
  return phrases.filter((phrase) => {
    const key = phrase.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Marks around the parts of a snippet that matched; never present in indexed text. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** A piece of a snippet or headline: `hit` pieces are what the reader searched for. */
export interface Highlighted {
  readonly text: string;
  readonly hit: boolean;
}

/**
 * Splits text that carries MARK_START/MARK_END around matched words into pieces, and marks the
 * CJK terms too (the word index cannot see inside CJK runs, so they are found here).
 */
export function highlightPieces(marked: string, cjk: readonly string[]): Highlighted[] {
  const pieces: Highlighted[] = [];
  const parts = marked.split(new RegExp(`[${MARK_START}${MARK_END}]`, 'u'));
  parts.forEach((part, index) => {
    if (part === '') return;
    if (index % 2 === 1) pieces.push({ text: part, hit: true });
    else pieces.push(...markSubstrings(part, cjk));
  });
  return pieces;
}

function markSubstrings(text: string, needles: readonly string[]): Highlighted[] {
  const wanted = needles.filter((needle) => needle.length > 0);
  if (wanted.length === 0) return [{ text, hit: false }];
  // Longest first, so that 大灣區 is marked whole rather than as 灣區 inside it.
  const pattern = new RegExp(
    [...wanted]
      .sort((a, b) => b.length - a.length)
      .map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'gu',
  );
  const pieces: Highlighted[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index), hit: false });
    pieces.push({ text: match[0], hit: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), hit: false });
  return pieces;
}
