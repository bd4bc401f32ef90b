import type { PageContext } from '../context.ts';
import { FEED_FORMATS } from '../../paths/site.ts';
import { FEED_FORMAT_NAMES, FEED_MEDIA_TYPES } from './render.ts';
import { describeFeed, type FeedSubject } from './subjects.ts';

/**
 * Feed autodiscovery for <head>: the site's feeds on every page, then the page's own (a tag's, an
 * author's, an article's comments), each in RSS, Atom and JSON Feed.
 */
export function FeedLinks({ ctx, feeds = [] }: { ctx: PageContext; feeds?: readonly FeedSubject[] | undefined }): JSX.Element {
  const subjects: FeedSubject[] = [{ kind: 'site' }, ...feeds];
  return (
    <>
      {subjects.map((subject) => {
        const feed = describeFeed(subject, ctx.site);
        return FEED_FORMATS.map((format) => (
          <link
            rel="alternate"
            type={FEED_MEDIA_TYPES[format]}
            title={`${feed.title} (${FEED_FORMAT_NAMES[format]})`}
            href={ctx.siteUrl + feed.feedPath(format)}
          />
        ));
      })}
    </>
  );
}
