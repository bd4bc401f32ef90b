// Reading what a page tells search engines and social networks: its head tags, JSON-LD and breadcrumb.
import { expect } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON-LD: the assertions check its shape, not the types
export type Json = Record<string, any>;

/** Every JSON-LD object of a page, parsed as a search engine would. */
export function jsonLdOf(html: string): Json[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Json);
}

export function jsonLdOfType(html: string, type: string): Json {
  const found = jsonLdOf(html).filter((data) => data['@type'] === type);
  expect(found, `one ${type} in the page`).toHaveLength(1);
  return found[0]!;
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The content of each `<meta property|name="key">` in the head, in order. */
export function metaOf(html: string, key: string): string[] {
  const head = html.slice(0, html.indexOf('</head>'));
  return [...head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/?>/g)]
    .filter((m) => m[1] === key)
    .map((m) => decode(m[2]!));
}

export function canonicalOf(html: string): string | undefined {
  const href = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
  return href === undefined ? undefined : decode(href);
}

/** The visible breadcrumb's steps, as a reader sees them. */
export function visibleBreadcrumb(html: string): string[] {
  const nav = /<nav class="[^"]*breadcrumb[^"]*" aria-label="Breadcrumb">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')));
}

export function breadcrumbData(html: string): Array<{ name: string; item: string; position: number }> {
  return (jsonLdOfType(html, 'BreadcrumbList').itemListElement as Json[]).map((entry) => ({
    name: entry.name as string,
    item: entry.item as string,
    position: entry.position as number,
  }));
}
