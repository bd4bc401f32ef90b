/**
 * Turns a headline or a tag name into a URL path segment. Letters and digits of every script are
 * kept (a Chinese headline gives a Chinese slug, which browsers show readably); Latin accents are
 * folded so "Tomás" and "Tomas" meet at the same slug.
 */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    // Runs are one hyphen by now; `-+$` would retry every run from each start (quadratic).
    .replace(/^-|-$/g, '');
  return trimAtHyphen(slug, maxLength);
}

export const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= 120 && SLUG_PATTERN.test(slug);
}

function trimAtHyphen(slug: string, maxLength: number): string {
  if ([...slug].length <= maxLength) return slug;
  const cut = [...slug].slice(0, maxLength).join('');
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-$/, '');
}

/** Lower-cased, whitespace-collapsed form under which names are compared for sameness. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** `base`, or `base-2`, `base-3`… whichever is free first. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  let candidate = base;
  for (let n = 2; await isTaken(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}
