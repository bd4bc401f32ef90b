/** The one place URLs of the public site are spelled out. */
export const paths = {
  home: (page = 1) => (page > 1 ? `/?page=${page}` : '/'),
  article: (slug: string) => `/articles/${encodeURIComponent(slug)}`,
  articleComments: (slug: string) => `/articles/${encodeURIComponent(slug)}/comments`,
  comment: (slug: string, commentId: number) => `/articles/${encodeURIComponent(slug)}#comment-${commentId}`,
  replyTo: (slug: string, commentId: number) => `/articles/${encodeURIComponent(slug)}?reply=${commentId}#respond`,
  tag: (slug: string, page = 1) => `/tag/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  author: (slug: string, page = 1) => `/author/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  /** A standalone page: About, Contact… */
  page: (slug: string) => `/pages/${encodeURIComponent(slug)}`,
  /** The one-time link that sets a new password; mailed, printed by the CLI, never shown on a page. */
  passwordReset: (token: string) => `/admin/reset/${encodeURIComponent(token)}`,
  setup: (token: string) => `/admin/setup/${encodeURIComponent(token)}`,
} as const;
