import type { SitePage, SitePageStatus } from '../../domain/shared/model.ts';
import { PAGE_LIMITS, PAGE_STATUSES } from '../../domain/pages/pages.ts';
import { formatShortDateTime } from '../format.ts';
import { paths } from '../paths.ts';
import { BODY_HINTS, HtmlBodyNote } from './body-format.tsx';
import type { AdminContext } from './context.ts';
import { CsrfField, FormErrors, SelectField, TextArea, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

/** The one place the URLs of the newsroom's page screens are spelled out. */
export const adminPagePaths = {
  list: () => '/admin/pages',
  new: () => '/admin/pages/new',
  create: () => '/admin/pages',
  edit: (id: number) => `/admin/pages/${id}`,
  delete: (id: number) => `/admin/pages/${id}/delete`,
} as const;

const STATUS_NAMES: Readonly<Record<SitePageStatus, string>> = { draft: 'Draft', published: 'Published' };

/** Every standalone page, drafts included, with the way to write a new one. */
export function PageListPage({ admin, pages }: { admin: AdminContext; pages: readonly SitePage[] }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Pages" wide>
      <div class="page-heading">
        <h1>Pages</h1>
        <a class="button" href={adminPagePaths.new()}>
          New page
        </a>
      </div>
      <p class="aside">Standalone pages such as About or Contact. Published pages are linked at the foot of every page of the site.</p>
      {pages.length === 0 ? (
        <p>No pages yet. Write the first one.</p>
      ) : (
        <table class="list page-list">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((page) => (
              <tr>
                <td>
                  <a href={adminPagePaths.edit(page.id)} safe>
                    {page.title}
                  </a>
                </td>
                <td>
                  {page.status === 'published' ? (
                    <a href={paths.page(page.slug)} safe>
                      {paths.page(page.slug)}
                    </a>
                  ) : (
                    <span safe>{paths.page(page.slug)}</span>
                  )}
                </td>
                <td>
                  <span class={`status status-${page.status}`} safe>
                    {STATUS_NAMES[page.status]}
                  </span>
                </td>
                <td>
                  <time datetime={page.updatedAt.toISOString()} safe>
                    {formatShortDateTime(admin.site, page.updatedAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export interface PageEditorProps {
  readonly admin: AdminContext;
  /** Null for a new page. */
  readonly page: SitePage | null;
  readonly state: FormState;
}

/**
 * A page's form, with the article editor's controls. A page keeps its body's format: an imported
 * HTML body is edited as HTML, and says so above the field.
 */
export function PageEditorPage({ admin, page, state }: PageEditorProps): JSX.Element {
  const bodyFormat = page?.bodyFormat ?? 'markdown';
  return (
    <AdminLayout admin={admin} title={page ? `Edit page: ${page.title}` : 'New page'} wide>
      <p>
        <a href={adminPagePaths.list()}>← All pages</a>
      </p>
      <div class="page-heading">
        <h1>{page ? 'Edit page' : 'New page'}</h1>
        {page?.status === 'published' ? <a href={paths.page(page.slug)}>View on the site</a> : ''}
      </div>
      <form method="post" action={page ? adminPagePaths.edit(page.id) : adminPagePaths.create()} novalidate class="page-editor">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={state} />
        <TextField name="title" label="Title" state={state} required input={{ maxlength: String(PAGE_LIMITS.title) }} />
        <TextField
          name="slug"
          label="Slug"
          hint="The page’s address, /pages/slug. Left empty, it is made from the title. Changing it breaks links to the old address."
          state={state}
          input={{ autocomplete: 'off', spellcheck: 'false' }}
        />
        {bodyFormat === 'html' ? <HtmlBodyNote /> : ''}
        <TextArea name="body" label="Text" hint={BODY_HINTS[bodyFormat]} state={state} required rows={20} attributes={{ class: 'code' }} />
        <SelectField
          name="status"
          label="Status"
          hint="A draft is seen by the newsroom only; a published page is linked from the site’s footer."
          state={state}
          options={PAGE_STATUSES.map((status) => ({ value: status, label: STATUS_NAMES[status] }))}
        />
        <p class="form-submit">
          <button type="submit" class="button">
            Save page
          </button>
        </p>
      </form>
      {page ? <DeletePage admin={admin} page={page} /> : ''}
    </AdminLayout>
  );
}

function DeletePage({ admin, page }: { admin: AdminContext; page: SitePage }): JSX.Element {
  return (
    <form method="post" action={adminPagePaths.delete(page.id)} class="narrow-form">
      <h2>Delete this page</h2>
      <p class="aside">Its address will answer “not found”. This cannot be undone.</p>
      <CsrfField token={admin.csrfToken} />
      <button type="submit" class="button danger" data-confirm={`Delete the page “${page.title}”? This cannot be undone.`} safe>
        {`Delete “${page.title}”`}
      </button>
    </form>
  );
}
