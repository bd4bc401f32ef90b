/** The query parameters by which WordPress addresses a post, page or attachment without its permalink. */
const ID_PARAMETERS = ['p', 'page_id', 'attachment_id'] as const;

/**
 * The longest address looked up or stored. Real permalinks are far shorter; anything longer is no
 * old post's address, and is refused before any parsing, so that a hostile address (15,000 slashes,
 * say) costs the not-found page nothing.
 */
export const LEGACY_ADDRESS_MAX_LENGTH = 2048;

/**
 * The form in which an old site's address is stored and looked up, so that the address a reader
 * follows matches the one an import recorded however each was spelled:
 * - "https://old.example.com/2024/05/harbour-swim/", "/2024/05/harbour-swim" → "/2024/05/harbour-swim"
 * - "https://old.example.com/?p=123", "/index.php?p=123&foo" → "?p=123"
 * - percent-escapes decoded ("/%e5%a4%a7" → "/大"), letters lower-cased, trailing slashes dropped.
 * Null for what cannot be an old post's address: the site root, text that is no URL at all, or an
 * address longer than LEGACY_ADDRESS_MAX_LENGTH.
 */
export function legacyPathKey(address: string): string | null {
  if (address.length > LEGACY_ADDRESS_MAX_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(address.trim(), 'http://legacy.invalid');
  } catch {
    return null;
  }
  for (const name of ID_PARAMETERS) {
    const id = url.searchParams.get(name);
    if (id !== null && /^\d+$/.test(id)) return `?${name}=${Number(id)}`;
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is kept as it is: it can still match the same malformed address.
  }
  path = withoutTrailingSlashes(path.toLowerCase());
  return path === '' || path === '/index.php' ? null : path;
}

/** Drops the slashes at the end; a loop, because `/\/+$/` tries every run of slashes again from each start (quadratic). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/**
 * A WordPress address of a page of a post's comments: the post's own address and the page number.
 * WordPress spells it `/2019/05/old-slug/comment-page-2/` with pretty permalinks and
 * `/?p=123&cpage=2` without; null for any other address. Takes the address as a reader followed it.
 */
export function splitCommentPage(address: string): { readonly address: string; readonly page: number } | null {
  if (address.length > LEGACY_ADDRESS_MAX_LENGTH) return null;
  const cpage = /[?&]cpage=([1-9]\d{0,6})(?:&|$)/.exec(address);
  if (cpage) return { address, page: Number(cpage[1]) };
  const query = address.indexOf('?');
  const path = withoutTrailingSlashes(query === -1 ? address : address.slice(0, query));
  const match = /\/comment-page-([1-9]\d{0,6})$/i.exec(path);
  if (!match) return null;
  return { address: path.slice(0, match.index) || '/', page: Number(match[1]) };
}
