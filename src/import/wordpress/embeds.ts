import { escapeAttribute, escapeHtml } from './text.ts';

/**
 * Video addresses WordPress would have turned into a player. YouTube plays from its no-cookie
 * host, which sets no tracking cookie until the reader presses play; both hosts are on the
 * sanitizer's iframe list.
 */
export function videoPlayerUrl(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^(?:www\.|m\.)/, '');
  const segments = url.pathname.split('/').filter(Boolean);
  let youtubeId: string | null | undefined = null;
  if (host === 'youtu.be') youtubeId = segments[0];
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    youtubeId =
      segments[0] === 'watch' || segments.length === 0
        ? url.searchParams.get('v')
        : ['embed', 'shorts', 'live', 'v'].includes(segments[0]!)
          ? segments[1]
          : null;
  }
  if (youtubeId && /^[\w-]{6,20}$/.test(youtubeId)) return `https://www.youtube-nocookie.com/embed/${youtubeId}`;
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = [...segments].reverse().find((segment) => /^\d+$/.test(segment));
    if (id) return `https://player.vimeo.com/video/${id}`;
  }
  return null;
}

/** A player for a known video host, or else a plain link: what WordPress embedded, readers can still follow. */
export function embedHtml(address: string, size: { width?: string; height?: string } = {}): string {
  const player = videoPlayerUrl(address);
  if (!player) return linkHtml(address);
  const width = /^\d+$/.test(size.width ?? '') ? size.width! : '640';
  const height = /^\d+$/.test(size.height ?? '') ? size.height! : String(Math.round((Number(width) * 9) / 16));
  const title = player.includes('vimeo') ? 'Vimeo video' : 'YouTube video';
  return `<figure><iframe src="${player}" width="${width}" height="${height}" title="${title}" allowfullscreen></iframe></figure>`;
}

export function linkHtml(address: string): string {
  return `<a href="${escapeAttribute(address)}">${escapeHtml(address)}</a>`;
}

const URL_LINE = /^([ \t]*)(https?:\/\/[^\s<>"]+)([ \t]*)$/gim;
const URL_PARAGRAPH = /(<p(?: [^>]*)?>[ \t\n\r]*)(https?:\/\/[^\s<>"]+)([ \t\n\r]*<\/p>)/gi;

/**
 * WordPress's autoembed: an address alone on its line (or alone in a paragraph) became an embed.
 * Here a YouTube or Vimeo address becomes a player and any other a link, since on the old site
 * it was most likely an embed of a service this site does not frame. `<pre>` is left alone.
 */
export function autoembed(html: string): string {
  if (!/(?:^|\s|>)https?:\/\//i.test(html)) return html;
  return html
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/i)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(URL_LINE, replaceUrl).replace(URL_PARAGRAPH, replaceUrl)))
    .join('');
}

function replaceUrl(_match: string, before: string, address: string, after: string): string {
  return before + embedHtml(address) + after;
}
