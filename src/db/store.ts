import type { Store } from '../domain/store.ts';
import { articleRepository } from './articles/articles.ts';
import { authorRepository } from './people/authors.ts';
import { commentRepository } from './comments/comments.ts';
import { spamRepository } from './comments/spam.ts';
import type { DB } from './schema.ts';
import { settingsRepository } from './site/settings.ts';
import { tagRepository } from './tags/tags.ts';
import { autosaveRepository } from './articles/autosaves.ts';
import { revisionRepository } from './articles/revisions.ts';
import { sessionRepository, userRepository } from './people/users.ts';
import { pageRepository } from './pages/pages.ts';
import { mediaRepository } from './articles/media.ts';
import { legacyRedirectRepository } from './importing/redirects.ts';
import { importRepository } from './importing/imports.ts';
import { exportRepository } from './exporting/exports.ts';
import { feedRepository } from './feeds/feeds.ts';
import { relatedArticleRepository } from './articles/related.ts';
import { searchRepository } from './sqlite/search.ts';
import type { Clock } from '../domain/shared/ports.ts';
import { outboxRepository } from './outbox/outbox.ts';
import { mediaLibraryRepository } from './media/library.ts';
import { groupCommit } from './group-commit.ts';

/** One group per database, so that every store over it commits its grouped work together. */
const groups = new WeakMap<DB, ReturnType<typeof groupCommit>>();

/** The domain's storage, backed by Kysely. Inside `transaction` every repository shares the transaction. */
export function createStore(db: DB, clock: Clock): Store {
  const now = () => clock.now();
  return {
    articles: articleRepository(db),
    authors: authorRepository(db, now),
    tags: tagRepository(db, now),
    comments: commentRepository(db),
    spam: spamRepository(db),
    settings: settingsRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    autosaves: autosaveRepository(db),
    revisions: revisionRepository(db),
    pages: pageRepository(db),
    media: mediaRepository(db),
    library: mediaLibraryRepository(db),
    redirects: legacyRedirectRepository(db),
    imports: importRepository(db),
    exports: exportRepository(db),
    feeds: feedRepository(db),
    related: relatedArticleRepository(db),
    search: searchRepository(db),
    outbox: outboxRepository(db, now),
    transaction: (work) =>
      db.isTransaction ? work(createStore(db, clock)) : db.transaction().execute((trx) => work(createStore(trx, clock))),
    groupedTransaction(work) {
      if (db.isTransaction) return work(createStore(db, clock));
      let group = groups.get(db);
      if (!group) groups.set(db, (group = groupCommit(db)));
      return group((trx) => work(createStore(trx, clock)));
    },
  };
}
