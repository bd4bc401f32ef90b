import type { SiteSettings } from '../../config.ts';
import type { StaffUser } from '../../domain/shared/model.ts';
import type { Actor } from '../../domain/shared/policy.ts';

/** What every newsroom page's layout needs besides its own content. */
export interface AdminContext {
  readonly site: SiteSettings;
  readonly siteUrl: string;
  /** Versioned URLs of public/ files by name, e.g. asset('admin.css'). */
  readonly asset: (name: string) => string;
  /** Path of the page being rendered, to mark the current section of the navigation. */
  readonly path: string;
  readonly now: Date;
  /** Null on the pages before sign-in. */
  readonly user: StaffUser | null;
  readonly actor: Actor | null;
  /** Every form that changes something carries it; the server refuses the form without it. */
  readonly csrfToken: string;
  /** Comments waiting for moderation, shown in the navigation to those who moderate. */
  readonly pendingComments: number;
  /** A confirmation from the previous action ("Article saved."). */
  readonly flash: string | undefined;
}
