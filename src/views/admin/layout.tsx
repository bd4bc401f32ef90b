import { ROLE_NAMES } from '../../domain/shared/model.ts';
import { can, type Permission } from '../../domain/shared/policy.ts';
import type { AdminContext } from './context.ts';
import { CsrfField } from './form.tsx';

export interface AdminLayoutProps {
  readonly admin: AdminContext;
  readonly title: string;
  /** Extra scripts from public/ that this page enhances itself with, e.g. ['admin-editor.js']. */
  readonly scripts?: readonly string[];
  /** Wider content for tables and the editor. */
  readonly wide?: boolean;
  readonly children?: JSX.Element | JSX.Element[];
}

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly permission: Permission;
}

const NAV: readonly NavItem[] = [
  { href: '/admin', label: 'Articles', permission: 'article.create' },
  { href: '/admin/comments', label: 'Comments', permission: 'comment.moderate' },
  { href: '/admin/tags', label: 'Tags', permission: 'tag.manage' },
  { href: '/admin/pages', label: 'Pages', permission: 'page.manage' },
  { href: '/admin/media', label: 'Media', permission: 'media.upload' },
  { href: '/admin/users', label: 'Staff', permission: 'user.manage' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings.manage' },
];

function isCurrent(path: string, href: string): boolean {
  return href === '/admin' ? path === '/admin' || path.startsWith('/admin/articles') : path.startsWith(href);
}

/** Every newsroom page: the navigation the user's role may use, the flash message, the content. */
export function AdminLayout({ admin, title, scripts = [], wide, children }: AdminLayoutProps): string {
  const { actor, user } = admin;
  const document = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${title} – ${admin.site.title} newsroom`}</title>
        <meta name="robots" content="noindex" />
        <link rel="stylesheet" href={admin.asset('admin.css')} />
        <script src={admin.asset('admin.js')} defer></script>
        {scripts.map((name) => (
          <script src={admin.asset(name)} defer></script>
        ))}
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="admin-bar">
          <a class="admin-brand" href={actor ? '/admin' : '/'} safe>
            {admin.site.title}
          </a>
          {actor && user ? (
            <>
              <nav aria-label="Newsroom">
                <ul>
                  {NAV.filter((item) => can(actor, item.permission)).map((item) => (
                    <li>
                      <a href={item.href} aria-current={isCurrent(admin.path, item.href) ? 'page' : undefined}>
                        <span safe>{item.label}</span>
                        {item.href === '/admin/comments' && admin.pendingComments > 0 ? (
                          <>
                            {' '}
                            <span class="badge" data-pending-count safe>
                              {String(admin.pendingComments)}
                            </span>
                            <span class="visually-hidden"> pending</span>
                          </>
                        ) : (
                          ''
                        )}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <div class="admin-account">
                <a href="/" class="view-site">
                  View site
                </a>
                <a href="/admin/account" aria-current={admin.path === '/admin/account' ? 'page' : undefined}>
                  <span safe>{user.displayName}</span> <span class="role" safe>{`(${ROLE_NAMES[user.role]})`}</span>
                </a>
                <form method="post" action="/admin/sign-out" class="inline-form">
                  <CsrfField token={admin.csrfToken} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </div>
            </>
          ) : (
            ''
          )}
        </header>
        <main id="main" tabindex="-1" class={wide ? 'admin-main wide' : 'admin-main'}>
          {admin.flash ? (
            <p class="flash" role="status" safe>
              {admin.flash}
            </p>
          ) : (
            ''
          )}
          {children as 'safe'}
        </main>
      </body>
    </html>
  ) as string;
  return `<!DOCTYPE html>${document}`;
}
