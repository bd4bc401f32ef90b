import type { DeliveredPicture } from '../media/delivery.ts';
import type { Problems } from '../shared/errors.ts';
import { renderArticleBody } from '../shared/markdown.ts';
import type { BodyFormat } from '../shared/model.ts';
import { can, type StaffActor } from '../shared/policy.ts';
import type { MediaStatus } from '../media/repository.ts';
import type { Repositories } from '../store.ts';
import type { BodyFigures } from './figures.ts';
import type { ArticlesDeps } from './ports.ts';

/**
 * An `<img>` tag of the HTML our renderers make: markdown-it and sanitize-html quote every attribute
 * value and escape the quotes and angle brackets inside it, so a value never holds `"` or `>`. The
 * `>` is optional so that a scan never backtracks over an unclosed tag.
 */
const IMG_TAG = /<img\b[^>]*>?/g;
const MEDIA_SRC = /\ssrc="media:(\d{1,9})"/;
const ALT = /\salt="([^"]*)"/;
/** Stands on both sides of a picture's index while paragraphs are looked at; the renderers never emit it. */
const MARK = '\u0000';

/** Marked text cut at its marks: the odd parts are pictures' indexes, the even ones text. */
const partsOf = (marked: string) => marked.split(MARK);

/** One picture reference of a body, with the alt text the body gave it ('' for none). */
interface Reference {
  readonly id: number;
  readonly alt: string;
}

/** A picture of the library a body shows: the alt text it will be shown with, and the picture (null when there is no such id). */
export interface ShownPicture {
  readonly id: number;
  readonly alt: string;
  readonly picture: DeliveredPicture | null;
}

export interface RenderedBody {
  readonly html: string;
  /** Every picture the body names, once each, in the order they first appear. */
  readonly pictures: readonly ShownPicture[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** An attribute value as text: the renderers escape the five characters and may keep numeric references. */
function attributeText(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function referenceOf(tag: string): Reference | null {
  const id = MEDIA_SRC.exec(tag)?.[1];
  if (id === undefined) return null;
  return { id: Number(id), alt: attributeText(ALT.exec(tag)?.[1] ?? '').trim() };
}

/** The library pictures (`media:ID`) of rendered body HTML, in order, with the alt each was given. */
function referencesIn(html: string): Reference[] {
  return [...html.matchAll(IMG_TAG)].flatMap((match) => referenceOf(match[0]) ?? []);
}

/**
 * The ids of the library pictures a body shows (`![alt](media:12)` in Markdown, `<img src="media:12">`
 * in HTML), once each, in order. Read from the rendered body, so an example in a code span is no picture.
 */
export function bodyPictureIds(source: string, format: BodyFormat): number[] {
  if (!source.includes('media:')) return [];
  return [...new Set(referencesIn(renderArticleBody(source, format)).map((reference) => reference.id))];
}

/**
 * The body's HTML with each library picture in place: a picture alone in its paragraph becomes a
 * figure with its caption and credit (never a figure inside a `<p>`, which HTML forbids), one
 * among words the picture alone. A picture the library lacks, or one still being processed, shows
 * nothing until it is ready (its `media.changed` job renders the body again then). Alt text is the
 * body's own, else the library's.
 */
export async function renderBody(
  store: Pick<Repositories, 'library'>,
  figures: BodyFigures,
  body: { source: string; format: BodyFormat },
): Promise<RenderedBody> {
  const rendered = renderArticleBody(body.source, body.format);
  if (!body.source.includes('media:')) return { html: rendered, pictures: [] };
  const references: Reference[] = [];
  // Markers stand for the pictures while paragraphs are looked at; the renderers never emit NUL.
  const marked = rendered.replaceAll(MARK, '').replace(IMG_TAG, (tag) => {
    const reference = referenceOf(tag);
    if (!reference) return tag;
    references.push(reference);
    return `${MARK}${references.length - 1}${MARK}`;
  });
  if (references.length === 0) return { html: rendered, pictures: [] };
  const library = await store.library.findPictures(references.map((reference) => reference.id));
  const shown = (index: string) => {
    const reference = references[Number(index)]!;
    const picture = library.get(reference.id);
    return picture ? { ...picture, alt: reference.alt || picture.alt } : null;
  };
  const withFigures = replaceBareParagraphs(marked, (content) => {
    const parts = partsOf(content);
    const pictureOnly = parts.length > 1 && parts.every((part, at) => at % 2 === 1 || part.trim() === '');
    if (!pictureOnly) return null;
    return parts
      .filter((_part, at) => at % 2 === 1)
      .map((index) => figureOf(figures, shown(index)))
      .join('\n');
  });
  const html = partsOf(withFigures)
    .map((part, at) => {
      if (at % 2 === 0) return part;
      const picture = shown(part);
      return picture ? figures.inline(picture) : '';
    })
    .join('');
  return { html, pictures: shownPictures(references, library) };
}

/**
 * Each paragraph that holds no tag (once its pictures are markers) handed to `replace`, which
 * returns what stands instead of it, or null to keep it. A scan by index, not a pattern: a
 * paragraph pattern backtracks over unclosed tags.
 */
function replaceBareParagraphs(html: string, replace: (content: string) => string | null): string {
  let out = '';
  let from = 0;
  for (let at = html.indexOf('<p', from); at !== -1; at = html.indexOf('<p', at + 2)) {
    const after = html[at + 2];
    if (after !== '>' && after !== ' ') continue;
    const open = html.indexOf('>', at);
    if (open === -1) break;
    const close = html.indexOf('<', open + 1);
    if (close === -1 || !html.startsWith('</p>', close)) continue;
    const replacement = replace(html.slice(open + 1, close));
    if (replacement === null) continue;
    out += html.slice(from, at) + replacement;
    from = close + '</p>'.length;
    at = from - 2;
  }
  return out + html.slice(from);
}

function figureOf(figures: BodyFigures, picture: DeliveredPicture | null): string {
  return picture ? figures.figure(picture) : '';
}

function shownPictures(references: readonly Reference[], library: ReadonlyMap<number, DeliveredPicture>): ShownPicture[] {
  const byId = new Map<number, ShownPicture>();
  for (const { id, alt } of references) {
    const picture = library.get(id) ?? null;
    const before = byId.get(id);
    // A picture shown twice needs alt text both times: keep the reference that lacks it.
    if (!before || (before.alt && !alt)) byId.set(id, { id, alt: alt || picture?.alt || '', picture });
  }
  return [...byId.values()];
}

/**
 * What the editor refuses of a body's pictures, reported beside the body: one the library does
 * not have (a mistyped id), and, when the article is to be public, one with no alt text, in the
 * body or in the library. Readers who cannot see a picture are told what it shows; a draft may wait.
 */
export function checkBodyPictures(pictures: readonly ShownPicture[], input: { public: boolean }, problems: Problems): void {
  const unknown = pictures.find((shown) => shown.picture === null);
  if (unknown) {
    problems.add('body', `The body shows picture ${unknown.id}, which is not in the media library.`);
    return;
  }
  const silent = input.public ? pictures.find((shown) => !shown.alt) : undefined;
  if (silent) {
    problems.add(
      'body',
      `Picture ${silent.id} has no alt text. Say what it shows in the body (![what it shows](media:${silent.id})) or in the media library before publishing.`,
    );
  }
}

/**
 * Renders again every body that shows a picture, after the picture changed (its renditions are
 * ready or were replaced, or its alt text, caption or credit were edited): the `media.changed`
 * job. One transaction, so the change log names all of those articles for the page cache at once.
 * Returns how many bodies changed.
 */
export async function refreshBodiesShowing(deps: ArticlesDeps, input: { mediaId: number }): Promise<number> {
  return deps.store.transaction((store) => renderAgainShowing(store, deps.figures, store.articles, input.mediaId));
}

/** What a kind of body (an article's, a page's) offers to be rendered again when a picture it shows changes. */
export interface BodiesShowingPictures {
  listShowingPicture(mediaId: number): Promise<number[]>;
  findById(id: number): Promise<{ readonly bodySource: string; readonly bodyFormat: BodyFormat; readonly bodyHtml: string } | null>;
  setBodyHtml(id: number, html: string): Promise<void>;
}

/** Renders again, in the caller's transaction, each body of `bodies` that shows the picture; returns how many changed. */
export async function renderAgainShowing(
  store: Pick<Repositories, 'library'>,
  figures: BodyFigures,
  bodies: BodiesShowingPictures,
  mediaId: number,
): Promise<number> {
  let changed = 0;
  for (const id of await bodies.listShowingPicture(mediaId)) {
    const body = await bodies.findById(id);
    if (!body) continue;
    const { html } = await renderBody(store, figures, { source: body.bodySource, format: body.bodyFormat });
    if (html === body.bodyHtml) continue;
    await bodies.setBodyHtml(id, html);
    changed++;
  }
  return changed;
}

/** How many of the library's newest pictures the editor offers beside the body. */
export const INSERTABLE_PICTURES = 12;

/** A picture the editor offers to put in the body. */
export interface InsertablePicture {
  readonly picture: DeliveredPicture;
  /** The file's name on the uploader's computer, which is how the newsroom knows it. */
  readonly name: string;
  readonly status: MediaStatus;
}

/** The library's newest pictures, for the editor's "Insert a picture" panel; none for those who may not use the library. */
export async function listInsertablePictures(deps: ArticlesDeps, input: { actor: StaffActor }): Promise<InsertablePicture[]> {
  if (!can(input.actor, 'media.upload')) return [];
  const { items } = await deps.store.library.list({ limit: INSERTABLE_PICTURES, offset: 0 });
  const pictures = await deps.store.library.findPictures(items.map((item) => item.id));
  return items.flatMap((item) => {
    const picture = pictures.get(item.id);
    return picture ? [{ picture, name: item.originalName, status: item.status }] : [];
  });
}

/** What to type in a body of the format to show a library picture with this alt text, on a line of its own. */
export function bodyPictureSnippet(id: number, alt: string, format: BodyFormat): string {
  const text = alt.replace(/\s+/g, ' ').trim();
  if (format === 'html') {
    const attribute = text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    return `<p><img src="media:${id}" alt="${attribute}"></p>`;
  }
  return `![${text.replace(/[\\[\]]/g, '\\$&')}](media:${id})`;
}
