import type { ImportedArticle, ImportedComment, ImportSource } from '../../src/domain/importing/records.ts';
import { renderArticleBody } from '../../src/domain/shared/markdown.ts';
import { sanitizeCommentHtml } from '../../src/domain/shared/html-sanitize.ts';

export const TEST_SOURCE: ImportSource = { key: 'wordpress:https://old.example.com', label: 'WordPress site https://old.example.com' };

/** An imported post as a reader would hand it over; override any part. */
export function importedArticle(externalId: string, overrides: Partial<ImportedArticle> = {}): ImportedArticle {
  const body = `<p>Body of post ${externalId}, as WordPress kept it.</p>`;
  return {
    kind: 'article',
    externalId,
    slug: `post-${externalId}`,
    headline: `Imported post ${externalId}`,
    standfirst: 'An excerpt.',
    bodySource: renderArticleBody(body, 'html'),
    bodyFormat: 'html',
    bodyHtml: renderArticleBody(body, 'html'),
    status: 'published',
    publishedAt: new Date('2024-05-01T08:00:00Z'),
    createdAt: new Date('2024-05-01T08:00:00Z'),
    updatedAt: new Date('2024-05-02T08:00:00Z'),
    authorExternalId: 'jane',
    tagExternalIds: [],
    featuredMediaExternalId: null,
    featured: false,
    commentsOpen: true,
    language: null,
    oldSlugs: [],
    corrections: [],
    legacyPaths: [`https://old.example.com/2024/05/post-${externalId}/`, `?p=${externalId}`],
    notes: [],
    comments: [],
    ...overrides,
  };
}

export function importedComment(externalId: string, overrides: Partial<ImportedComment> = {}): ImportedComment {
  const text = `Comment ${externalId} from a reader.`;
  return {
    externalId,
    parentExternalId: null,
    authorName: `Reader ${externalId}`,
    authorEmail: `reader${externalId}@example.com`,
    authorUrl: null,
    clientAddress: '203.0.113.9',
    bodySource: text,
    bodyHtml: sanitizeCommentHtml(`<p>${text}</p>`),
    status: 'approved',
    createdAt: new Date('2024-05-03T10:00:00Z'),
    notes: [],
    ...overrides,
  };
}
