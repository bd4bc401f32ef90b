/**
 * Where an old site kept its uploaded files, and how its addresses of them are spelled. Bringing
 * imported pictures home (media-home.ts) finds each file by the part of its address after the
 * uploads folder; a reader's old link, or an `<img>` in an old body, may name a resized copy that
 * the old site made, which leads to the same picture.
 */

import { LEGACY_ADDRESS_MAX_LENGTH } from './legacy-paths.ts';

/** The folder of uploaded files in each system's addresses, and in a copy of its files. */
export const UPLOAD_FOLDERS = {
  /** `wp-content/uploads/2019/05/photo.jpg` */
  wordpress: '/wp-content/uploads/',
  /** Ghost's `content/images/2024/05/photo.jpg` */
  ghost: '/content/images/',
} as const;

export type UploadFolderSystem = keyof typeof UPLOAD_FOLDERS;

/**
 * The path of an upload inside the uploads folder, as `/`-separated decoded names
 * ("2019/05/harbour at dawn.jpg"), or null when the address is not under `folder`, or names a
 * part that could climb out of it.
 */
export function pathInUploads(url: string, folder: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url.trim(), 'http://old.invalid').pathname;
  } catch {
    return null;
  }
  const at = pathname.indexOf(folder);
  if (at === -1) return null;
  const parts = pathname.slice(at + folder.length).split('/');
  const names: string[] = [];
  for (const part of parts) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) return null;
    names.push(name);
  }
  return names.length > 0 ? names.join('/') : null;
}

/** WordPress's resized copies: `photo-1024x683.jpg` of `photo.jpg`. */
const WORDPRESS_SIZE = /-\d{1,5}x\d{1,5}(\.[a-z0-9]{1,5})$/i;
/** Ghost's: `/content/images/size/w600/2024/05/photo.jpg` (or `w600h400`) of `/content/images/2024/05/photo.jpg`. */
const GHOST_SIZE = /\/content\/images\/size\/w\d{1,5}(?:h\d{1,5})?\//i;

/**
 * The address of the original a resized copy was made from, or null when `path` names no resized
 * copy. Works on any spelling of the path (a legacy key, a whole URL).
 */
export function originalOfResized(path: string): string | null {
  if (GHOST_SIZE.test(path)) return path.replace(GHOST_SIZE, '/content/images/');
  if (WORDPRESS_SIZE.test(path)) return path.replace(WORDPRESS_SIZE, '$1');
  return null;
}

/** The old site an import's source names, as far as its pictures' addresses need it. */
export interface OldSite {
  readonly system: UploadFolderSystem;
  /** `https://old.example`; null when the export did not say (a Ghost file without its `url` setting). */
  readonly origin: string | null;
}

/**
 * The old site of an import source, read from its key ("wordpress:https://old.example.com",
 * "ghost:https://ghost.example", or "ghost:<owner id>" when the file names no address; see
 * ImportSource). The key is the one place every run of the same import records the site, so it is
 * read here rather than kept twice. Null for a source with no uploads folder of its own (Broadsheet's
 * exports, whose pictures are in its library already).
 */
export function oldSiteOf(sourceKey: string): OldSite | null {
  const colon = sourceKey.indexOf(':');
  const system = sourceKey.slice(0, colon);
  if (system !== 'wordpress' && system !== 'ghost') return null;
  const address = sourceKey.slice(colon + 1);
  let origin: string | null = null;
  try {
    const url = new URL(address);
    if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
  } catch {
    // An owner's id, or a WordPress address that is no URL: only relative addresses are the site's own.
  }
  return { system, origin };
}

/** Stands for the old site when its address is not known: only relative addresses resolve to it. */
const UNKNOWN_ORIGIN = 'http://old-site.invalid';

/** What stands for "this site" in Ghost 4's bodies, when an import left it in. */
const GHOST_SITE_PLACEHOLDER = '__GHOST_URL__';

/**
 * The whole address of the original upload an `<img src>` of a body shows, when it is one of the
 * old site's own uploads: under its uploads folder, on its host or relative to it. Ghost's resized
 * copies (`/size/w600/`) become their original, since Ghost keeps the original beside them; a
 * WordPress name such as `banner-1200x630.jpg` is kept as it is, since it may be the original's own.
 * Relative addresses are made whole on the site's origin, and stay root-relative when it is not known.
 * Null for anything else: another site's picture, a data: URL, an address that is no URL.
 */
export function oldUploadAddress(src: string, site: OldSite): string | null {
  let text = src.trim().replaceAll('&amp;', '&');
  if (text.length > LEGACY_ADDRESS_MAX_LENGTH) return null;
  if (text.startsWith(GHOST_SITE_PLACEHOLDER)) text = text.slice(GHOST_SITE_PLACEHOLDER.length);
  // Relative addresses (and `//host/…`) are read as the old site's pages would have read them.
  const base = site.origin ?? UNKNOWN_ORIGIN;
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.host !== new URL(base).host) return null;
  if (pathInUploads(url.pathname, UPLOAD_FOLDERS[site.system]) === null) return null;
  const path = site.system === 'ghost' ? url.pathname.replace(GHOST_SIZE, '/content/images/') : url.pathname;
  return site.origin === null ? path : `${url.origin}${path}`;
}
