import type { SiteSettings } from '../../domain/site/site-settings.ts';
import type { AuthorRef, TagRef } from '../../domain/shared/model.ts';
import { paths, type FeedFormat } from '../paths.ts';

/** What a feed is of: the whole site, a tag, an author, or one article's comments. */
export type FeedSubject =
  | { readonly kind: 'site' }
  | { readonly kind: 'tag'; readonly tag: TagRef & { readonly description?: string } }
  | { readonly kind: 'author'; readonly author: AuthorRef & { readonly bio?: string } }
  | { readonly kind: 'comments'; readonly article: { readonly slug: string; readonly headline: string } };

export interface FeedDescription {
  readonly title: string;
  readonly description: string;
  /** The page the feed follows. */
  readonly homePath: string;
  readonly feedPath: (format: FeedFormat) => string;
}

/** A feed's title, summary and addresses, the same in the feed itself and in the pages that link to it. */
export function describeFeed(subject: FeedSubject, site: Pick<SiteSettings, 'title' | 'description'>): FeedDescription {
  switch (subject.kind) {
    case 'site':
      return { title: site.title, description: site.description, homePath: paths.home(), feedPath: (format) => paths.feed(format) };
    case 'tag':
      return {
        title: `${subject.tag.name} – ${site.title}`,
        description: subject.tag.description || `Articles tagged ${subject.tag.name}`,
        homePath: paths.tag(subject.tag.slug),
        feedPath: (format) => paths.tagFeed(subject.tag.slug, format),
      };
    case 'author':
      return {
        title: `${subject.author.name} – ${site.title}`,
        description: subject.author.bio || `Articles by ${subject.author.name}`,
        homePath: paths.author(subject.author.slug),
        feedPath: (format) => paths.authorFeed(subject.author.slug, format),
      };
    case 'comments':
      return {
        title: `Comments on “${subject.article.headline}” – ${site.title}`,
        description: `Readers’ comments on “${subject.article.headline}”, newest first`,
        homePath: paths.article(subject.article.slug),
        feedPath: (format) => paths.commentsFeed(subject.article.slug, format),
      };
  }
}
