import type { ExportHead, PublicationWriter } from '../domain/exporting/export-publication.ts';
import type { ExportedArticle, ExportedComment, ExportedMedia, ExportedPage } from '../domain/exporting/repository.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../formats/broadsheet-export.ts';
import type { TextSink } from './text-sink.ts';

const SECTIONS = ['media', 'articles', 'pages'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Writes Broadsheet's own export: one JSON document, written as the pages of rows arrive, with
 * every item of a list on a line of its own (a reader can stream it, a person can grep it).
 */
export class JsonPublicationWriter implements PublicationWriter {
  /** The list being written, and whether it has an item yet. */
  private open: { section: Section; empty: boolean } | null = null;
  /** How many of SECTIONS have been opened, including the open one. */
  private sectionsStarted = 0;

  constructor(private readonly sink: TextSink) {}

  async start(head: ExportHead): Promise<void> {
    const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: head.exportedAt.toISOString(), siteUrl: head.siteUrl };
    await this.sink.write(
      [
        `{"broadsheet":${JSON.stringify(header)},`,
        `"settings":${JSON.stringify(head.settings)},`,
        `"authors":${list(head.authors.map((author) => JSON.stringify(author)))},`,
        `"tags":${list(head.tags.map((tag) => JSON.stringify(tag)))},`,
      ].join('\n'),
    );
  }

  media(page: readonly ExportedMedia[]): Promise<void> {
    return this.items(
      'media',
      page.map((media) => ({ ...media, createdAt: iso(media.createdAt) })),
    );
  }

  articles(page: readonly ExportedArticle[]): Promise<void> {
    return this.items('articles', page.map(articleJson));
  }

  pages(page: readonly ExportedPage[]): Promise<void> {
    return this.items(
      'pages',
      page.map(({ bodyHtml: _rendered, ...item }) => ({ ...item, ...dates(item) })),
    );
  }

  async finish(): Promise<void> {
    await this.enter(null);
    await this.sink.write('}\n');
  }

  private async items(section: Section, items: readonly object[]): Promise<void> {
    await this.enter(section);
    const open = this.open!;
    const lines = items.map((item) => JSON.stringify(item));
    if (lines.length === 0) return;
    await this.sink.write(`${open.empty ? '\n' : ',\n'}${lines.join(',\n')}`);
    open.empty = false;
  }

  /** Closes the list being written and writes each list before `section` (null: the end), so that empty lists are still there. */
  private async enter(section: Section | null): Promise<void> {
    if (this.open && this.open.section === section) return;
    const target = section === null ? SECTIONS.length : SECTIONS.indexOf(section);
    if (this.open) {
      await this.sink.write(`${this.open.empty ? '' : '\n'}]${separator(this.sectionsStarted - 1)}`);
      this.open = null;
    }
    for (; this.sectionsStarted < target; this.sectionsStarted++) {
      await this.sink.write(`"${SECTIONS[this.sectionsStarted]}":[]${separator(this.sectionsStarted)}`);
    }
    if (section !== null) {
      await this.sink.write(`"${section}":[`);
      this.open = { section, empty: true };
      this.sectionsStarted++;
    }
  }
}

/** What follows the list at `index`: a comma, unless it is the last. */
function separator(index: number): string {
  return index < SECTIONS.length - 1 ? ',\n' : '\n';
}

function list(lines: readonly string[]): string {
  return lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n]`;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function dates(item: { publishedAt: Date | null; createdAt: Date; updatedAt: Date }) {
  return { publishedAt: iso(item.publishedAt), createdAt: iso(item.createdAt), updatedAt: iso(item.updatedAt) };
}

/** Article bodies go out as written; the HTML is made again from them on import. */
function articleJson({ bodyHtml: _rendered, ...article }: ExportedArticle) {
  return {
    ...article,
    ...dates(article),
    corrections: article.corrections.map((c) => ({ body: c.body, createdAt: iso(c.createdAt) })),
    comments: article.comments.map(commentJson),
  };
}

function commentJson(comment: ExportedComment) {
  return { ...comment, createdAt: iso(comment.createdAt), editedAt: iso(comment.editedAt) };
}
