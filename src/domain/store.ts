import type { PictureLookup } from './media/delivery.ts';
import type {
  ArticleRepository,
  AutosaveRepository,
  MediaRepository,
  RelatedArticleRepository,
  RevisionRepository,
} from './articles/repository.ts';
import type { CommentRepository } from './comments/repository.ts';
import type { SpamRepository } from './comments/spam/repository.ts';
import type { ExportRepository } from './exporting/repository.ts';
import type { FeedRepository } from './feeds/repository.ts';
import type { ImportRepository, LegacyRedirectRepository } from './importing/repository.ts';
import type { PageRepository } from './pages/repository.ts';
import type { AuthorRepository, SessionRepository, UserRepository } from './people/repository.ts';
import type { SearchRepository } from './search/repository.ts';
import type { Transactional, UseCaseDeps } from './shared/ports.ts';
import type { SettingsRepository } from './site/repository.ts';
import type { TagRepository } from './tags/repository.ts';
import type { OutboxRepository } from './outbox/repository.ts';
import type { MediaLibraryRepository } from './media/repository.ts';
import type { MediaLibraryManagement } from './media/library-ports.ts';

/**
 * Every repository, one per aggregate, by the name the rooms' ports pick them by. Each interface
 * lives in the room that owns the aggregate (`<room>/repository.ts`).
 */
export interface Repositories {
  readonly articles: ArticleRepository;
  readonly authors: AuthorRepository;
  readonly tags: TagRepository;
  readonly comments: CommentRepository;
  /** The spam checks' memory: the learning filter's counts, and what the checks concluded about each comment. */
  readonly spam: SpamRepository;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly autosaves: AutosaveRepository;
  readonly revisions: RevisionRepository;
  readonly pages: PageRepository;
  /** Imported pictures left on the old site, as articles' lead images (see `library` for uploads). */
  readonly media: MediaRepository;
  /** The media library: uploaded pictures, their kept originals' keys and their renditions. */
  readonly library: MediaLibraryRepository & MediaLibraryManagement & PictureLookup;
  readonly redirects: LegacyRedirectRepository;
  readonly imports: ImportRepository;
  readonly exports: ExportRepository;
  readonly feeds: FeedRepository;
  readonly related: RelatedArticleRepository;
  /** Full-text search over published articles; its index is kept in step by every article and tag write. */
  readonly search: SearchRepository;
  /** Outbound work, enqueued inside the transaction of the change that causes it (docs/outbox.md). */
  readonly outbox: OutboxRepository;
}

/**
 * The storage `src/db` implements: the union of every room's port (`<room>/ports.ts`), so it can be
 * handed to any use case. A use case itself names only the narrow store of its room.
 */
export type Store = Transactional<Repositories>;

/** What the app and the command line hold, and give to every use case. */
export type Deps = UseCaseDeps<Store>;
