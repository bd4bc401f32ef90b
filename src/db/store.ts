import type { Clock, Store } from '../domain/store.ts';
import { articleRepository } from './articles.ts';
import { authorRepository } from './authors.ts';
import { commentRepository } from './comments.ts';
import type { DB } from './database.ts';
import { settingsRepository } from './settings.ts';
import { tagRepository } from './tags.ts';
import { autosaveRepository } from './autosaves.ts';
import { revisionRepository } from './revisions.ts';
import { sessionRepository, userRepository } from './users.ts';
import { pageRepository } from './pages.ts';
import { mediaRepository } from './media.ts';
import { legacyRedirectRepository } from './redirects.ts';
import { importRepository } from './imports.ts';
import { exportRepository } from './exports.ts';
import { feedRepository } from './feeds.ts';
import { relatedArticleRepository } from './related.ts';
import { searchRepository } from './search.ts';

/** The domain's storage, backed by Kysely. Inside `transaction` every repository shares the transaction. */
export function createStore(db: DB, clock: Clock): Store {
  const now = () => clock.now();
  return {
    articles: articleRepository(db),
    authors: authorRepository(db, now),
    tags: tagRepository(db, now),
    comments: commentRepository(db),
    settings: settingsRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    autosaves: autosaveRepository(db),
    revisions: revisionRepository(db),
    pages: pageRepository(db),
    media: mediaRepository(db),
    redirects: legacyRedirectRepository(db),
    imports: importRepository(db),
    exports: exportRepository(db),
    feeds: feedRepository(db),
    related: relatedArticleRepository(db),
    search: searchRepository(db),
    transaction: (work) =>
      db.isTransaction ? work(createStore(db, clock)) : db.transaction().execute((trx) => work(createStore(trx, clock))),
  };
}
