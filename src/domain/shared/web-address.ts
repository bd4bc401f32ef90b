/**
 * The address a reader-supplied link may point at, or `null` when it must stay text. Only absolute
 * `http:` and `https:` addresses ever become a link, whatever they came from (the comment form, an
 * importer, a row stored by an older version). A protocol-relative `//host/path` is refused: it
 * looks like a path on this site while naming another one, and a commenter's website is always
 * typed or exported with its scheme. The address is parsed the way a browser parses an `href`, so
 * `java\tscript:` or `JAVASCRIPT:` cannot slip past a text comparison.
 */
export function linkableAddress(raw: string | null | undefined): string | null {
  const trimmed = raw?.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  // As typed, not normalised: a browser reads the href exactly as URL did, and a re-import compares.
  return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : null;
}
