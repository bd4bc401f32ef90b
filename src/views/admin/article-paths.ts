import type { BodyFormat } from '../../domain/shared/model.ts';
import type { NewsroomFilters } from '../../domain/articles/newsroom.ts';

/** The one place the URLs of the newsroom's article pages are spelled out. */
export const articlePaths = {
  list: (filters: NewsroomFilters = {}, page = 1) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, String(value));
    if (page > 1) query.set('page', String(page));
    const search = query.toString();
    return search ? `/admin?${search}` : '/admin';
  },
  create: () => '/admin/articles',
  new: () => '/admin/articles/new',
  edit: (id: number) => `/admin/articles/${id}`,
  preview: (id: number) => `/admin/articles/${id}/preview`,
  /** An imported HTML body is previewed as HTML; every other body as Markdown. */
  livePreview: (format: BodyFormat = 'markdown') => (format === 'html' ? '/admin/articles/preview?format=html' : '/admin/articles/preview'),
  tagSuggestions: () => '/admin/articles/tag-suggestions',
  autosave: () => '/admin/articles/autosave',
  discardAutosave: (id: number | null) => `/admin/articles/${id ?? 'new'}/autosave/discard`,
  corrections: (id: number) => `/admin/articles/${id}/corrections`,
  revisions: (id: number) => `/admin/articles/${id}/revisions`,
  compare: (id: number, from: number, to: number) => `/admin/articles/${id}/revisions/compare?from=${from}&to=${to}`,
  restore: (id: number, revisionId: number) => `/admin/articles/${id}/revisions/${revisionId}/restore`,
} as const;
