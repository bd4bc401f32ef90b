import { parse as parseQuery } from 'node:querystring';
import { operationsPaths } from '../../paths/site.ts';
import { CSRF_COOKIE, FLASH_COOKIE, SESSION_COOKIE } from '../admin/session.ts';

/**
 * The query parameters each kind of public page reads. The cache address keeps only these, so
 * `?utm_source=…` or a cache-buster gets the same stored page instead of filling the cache. A page
 * that starts reading another parameter MUST add it here, or every value of it would share one page.
 */
const PARAMETERS_READ: ReadonlyArray<readonly [prefix: string, names: readonly string[]]> = [
  ['/articles/', ['page', 'c']],
  ['/tag/', ['page']],
  ['/author/', ['page']],
  ['/search', ['q', 'tag', 'author', 'from', 'to', 'page']],
];
/** The front page's page, and an old WordPress post's number, which the not-found path redirects. */
const HOME_PARAMETERS = ['page', 'p', 'page_id', 'attachment_id'];

/** Parameters that make a page the reader's own (the notice after their comment, the reply form they opened, by our name or WordPress's): never cached. */
const PERSONAL_PARAMETERS = ['comment', 'reply', 'replytocom'];

/** The newsroom's cookies: whoever carries one gets every page fresh, and no response to them is stored. */
const NEWSROOM_COOKIES = [SESSION_COOKIE, FLASH_COOKIE, CSRF_COOKIE].map((name) => `${name}=`);

/**
 * Where a request's page sits in the cache (its path and the parameters the page reads), or null
 * when it must not be answered from the cache nor stored: anything but GET and HEAD, the newsroom
 * and its cookies, the site's static files and uploaded pictures, a reader's own view of a page, and
 * the operator's endpoints (a probe must see the process as it is now, and must never wait on another's render).
 */
export function cacheAddressOf(method: string | undefined, url: string | undefined, cookie: string | undefined): string | null {
  if ((method !== 'GET' && method !== 'HEAD') || url === undefined) return null;
  if (cookie !== undefined && NEWSROOM_COOKIES.some((name) => cookie.includes(name))) return null;
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  if (path.startsWith('/admin') || path.startsWith('/assets/') || path.startsWith('/media/')) return null;
  if (path === operationsPaths.health || path === operationsPaths.ready || path === operationsPaths.metrics) return null;
  if (mark === -1) return path;
  const query = parseQuery(url.slice(mark + 1));
  if (PERSONAL_PARAMETERS.some((name) => query[name] !== undefined)) return null;
  const read = path === '/' ? HOME_PARAMETERS : (PARAMETERS_READ.find(([prefix]) => path.startsWith(prefix))?.[1] ?? []);
  let address = path;
  for (const name of read) {
    const value = query[name];
    // As the router reads a repeated parameter: its first value.
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) address += `${address === path ? '?' : '&'}${name}=${encodeURIComponent(first)}`;
  }
  return address;
}
