import type { SiteSettings } from '../domain/site/site-settings.ts';
import type { Tag } from '../domain/shared/model.ts';
import type { PageLink } from '../domain/pages/pages.ts';

/** What every page's layout needs besides its own content. */
export interface PageContext {
  readonly site: SiteSettings;
  /** Absolute base URL, for canonical links. */
  readonly siteUrl: string;
  readonly sections: readonly Tag[];
  /** The published standalone pages, linked from the footer. */
  readonly pages: readonly PageLink[];
  /** Versioned asset URLs, so browsers can cache them forever. */
  readonly assets: { readonly css: string; readonly js: string };
  /** Path of the page being rendered, to mark the current section. */
  readonly path: string;
  /** The time the page is rendered at, from the app's clock. */
  readonly now: Date;
}
