import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { publishArticle } from '../domain/articles/articles.ts';
import { parseArticleFile } from '../domain/articles/article-file.ts';
import { findOrCreateAuthor } from '../domain/people/authors.ts';
import { hashClientAddress } from '../domain/comments/comments.ts';
import { renderCommentBody } from '../domain/shared/markdown.ts';
import type { CommentStatus } from '../domain/shared/model.ts';
import type { Deps } from '../domain/store.ts';
import { addTagAlias, findOrCreateTag } from '../domain/tags/tags.ts';
import { consoleOperator } from '../domain/shared/policy.ts';
import type { MediaServices } from '../domain/media/storage.ts';
import { uploadPicture } from '../domain/media/upload.ts';
import { describePicture } from '../domain/media/library-edit.ts';
import { readDemoPictures, renderDemoPictures, type DemoPicture } from './pictures.ts';

const DEMO_DIR = new URL('./', import.meta.url);
const HOUR = 3_600_000;

interface DemoTag {
  name: string;
  description: string;
  section: boolean;
  aliases: string[];
}

interface DemoComment {
  key: string;
  article: string;
  parent: string | null;
  name: string;
  email: string;
  url: string | null;
  body: string;
  status: CommentStatus;
  minutesAfter: number;
}

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await fs.readFile(new URL(name, DEMO_DIR), 'utf8')) as T;
}

/**
 * Loads "The Harbour Ledger", the demo publication, in one transaction. Articles are dated back
 * from now (the first file is the newest) so the front page always looks current; loading again
 * updates the articles and adds comments only where an article has none.
 *
 * With `media`, each article gets its lead picture, drawn in ./pictures and accepted into the media
 * library as an upload is, with its alt text, caption and credit; the outbox makes the renditions
 * after the load, so a fresh `serve` answers before they exist. An article that already has a lead
 * picture keeps it.
 */
export async function loadDemo(
  deps: Deps,
  options: { media?: MediaServices } = {},
): Promise<{ articles: number; comments: number; pictures: number }> {
  const [authors, tags, comments] = await Promise.all([
    readJson<Array<{ name: string; bio: string }>>('authors.json'),
    readJson<DemoTag[]>('tags.json'),
    readJson<DemoComment[]>('comments.json'),
  ]);
  const articlesDir = new URL('articles/', DEMO_DIR);
  const files = (await fs.readdir(fileURLToPath(articlesDir))).filter((name) => name.endsWith('.md')).sort();
  const now = deps.clock.now();
  const { media } = options;
  const drawn = await renderDemoPictures(media ? await picturesWanted(deps) : []);

  const loading = deps.store.transaction(async (store) => {
    const inTransaction: Deps = { ...deps, store };
    for (const author of authors) {
      const saved = await findOrCreateAuthor(store, author.name, author.bio);
      if (saved.bio !== author.bio) await store.authors.updateBio(saved.id, author.bio);
    }
    for (const tag of tags) {
      const saved = await findOrCreateTag(store, tag.name, { description: tag.description, isSection: tag.section });
      await store.tags.update(saved.id, { description: tag.description, isSection: tag.section });
      for (const alias of tag.aliases) await addTagAlias(store, saved, alias);
    }

    const publishedAt = new Map<string, { id: number; at: Date; hasComments: boolean }>();
    for (const [index, file] of files.entries()) {
      const submission = parseArticleFile(await fs.readFile(new URL(file, articlesDir), 'utf8'));
      const date =
        submission.status === 'scheduled' ? new Date(now.getTime() + 20 * HOUR) : new Date(now.getTime() - (index * 7 + 1) * HOUR);
      const { article } = await publishArticle(inTransaction, { actor: consoleOperator, submission: { ...submission, date } });
      const lead = drawn.files.get(article.slug);
      if (lead && media) {
        const { alt, caption, credit } = lead.picture;
        const mediaDeps = { ...inTransaction, media };
        const item = await uploadPicture(mediaDeps, { actor: consoleOperator, file: lead.file });
        await describePicture(mediaDeps, { actor: consoleOperator, id: item.id, words: { alt, caption, credit } });
        await store.media.setArticleImage(article.id, item.id);
      }
      const hasComments = (await store.comments.listApproved(article.id)).length > 0;
      publishedAt.set(article.slug, { id: article.id, at: date, hasComments });
    }

    const salt = await store.settings.getOrInsert('client_address_salt', 'demo');
    const ids = new Map<string, { id: number; depth: number }>();
    let added = 0;
    for (const demo of comments) {
      const article = publishedAt.get(demo.article);
      if (!article) throw new Error(`demo comment ${demo.key} names an unknown article "${demo.article}"`);
      if (article.hasComments) continue;
      const parent = demo.parent === null ? undefined : ids.get(demo.parent);
      const saved = await store.comments.insert({
        articleId: article.id,
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 1,
        authorName: demo.name,
        authorEmail: demo.email.toLowerCase(),
        authorUrl: demo.url,
        bodySource: demo.body,
        bodyHtml: renderCommentBody(demo.body),
        status: demo.status,
        createdAt: new Date(Math.min(article.at.getTime() + demo.minutesAfter * 60_000, now.getTime() - 60_000)),
        clientAddressHash: hashClientAddress(salt, `demo:${demo.email}`),
        userAgent: 'Broadsheet demo',
      });
      ids.set(demo.key, { id: saved.id, depth: saved.depth });
      added++;
    }
    for (const { id } of publishedAt.values()) await store.articles.refreshCommentCount(id);
    return { articles: files.length, comments: added, pictures: drawn.files.size };
  });
  // The pictures it accepted were moved out of the folder; what is left was not wanted.
  return loading.finally(() => fs.rm(drawn.dir, { recursive: true, force: true }));
}

/** The demo pictures of articles not loaded yet, or loaded without a lead picture. */
async function picturesWanted(deps: Deps): Promise<DemoPicture[]> {
  const pictures = await readDemoPictures();
  const wanted = await Promise.all(pictures.map(async (picture) => (await deps.store.articles.findBySlug(picture.article))?.image == null));
  return pictures.filter((_, index) => wanted[index]);
}
