import { TAG_LIMITS } from '../../domain/tags/tag-admin.ts';
import type { Page, Tag, TagAlias } from '../../domain/shared/model.ts';
import type { ParentChoice } from '../../domain/tags/tag-parents.ts';
import { plural } from '../format.ts';
import { paths } from '../../paths/site.ts';
import type { AdminContext } from './context.ts';
import { CheckboxField, CsrfField, FormErrors, SelectField, TextArea, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';
import { Pager } from './pager.tsx';
import type { TagListing } from '../../domain/tags/repository.ts';

/** The newsroom address of a tag's page. */
export function adminTagPath(slug: string): string {
  return `/admin/tags/${encodeURIComponent(slug)}`;
}

function tagsListPath(query: string, page: number): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/admin/tags?${search}` : '/admin/tags';
}

/** The fields of a tag; a new tag gets its slug from its name, so only an existing one shows the slug. */
function TagFieldset({ state, idPrefix = '', withSlug }: { state: FormState; idPrefix?: string; withSlug: boolean }): JSX.Element {
  return (
    <>
      <TextField
        name="name"
        id={`${idPrefix}name`}
        label="Name"
        state={state}
        required
        input={{ maxlength: String(TAG_LIMITS.name), autocomplete: 'off' }}
      />
      {withSlug ? (
        <TextField
          name="slug"
          id={`${idPrefix}slug`}
          label="Slug"
          hint="The tag page’s address, /tag/slug. If you change it, the old address keeps working and redirects here."
          state={state}
          input={{ autocomplete: 'off', spellcheck: 'false' }}
        />
      ) : (
        ''
      )}
      <TextArea
        name="description"
        id={`${idPrefix}description`}
        label="Description"
        hint="Shown at the top of the tag’s page."
        state={state}
        rows={3}
        attributes={{ maxlength: String(TAG_LIMITS.description) }}
      />
      <CheckboxField name="isSection" id={`${idPrefix}isSection`} label="A section: listed in the site’s navigation" state={state} />
    </>
  );
}

export interface TagsPageProps {
  readonly admin: AdminContext;
  readonly tags: Page<TagListing>;
  readonly query: string;
  readonly createState: FormState;
}

/** Every tag with its article count and aliases, a filter, and the form that adds a tag. */
export function TagsPage({ admin, tags, query, createState }: TagsPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Tags" wide>
      <h1>Tags</h1>
      <form method="get" action="/admin/tags" class="filters" role="search" aria-label="Filter tags">
        <TextField
          name="q"
          label="Name, slug or alias contains"
          state={{ values: { q: query }, fieldErrors: {}, formErrors: [] }}
          input={{ type: 'search' }}
        />
        <button type="submit" class="button secondary">
          Filter
        </button>
        {query ? <a href="/admin/tags">Show all tags</a> : ''}
      </form>
      <p class="muted" safe>
        {query ? `${plural(tags.total, 'tag matches', 'tags match')} “${query}”.` : `${plural(tags.total, 'tag', 'tags')} in all.`}
      </p>
      {tags.items.length > 0 ? (
        <table class="list tag-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Section</th>
              <th scope="col">Articles</th>
              <th scope="col">Aliases</th>
            </tr>
          </thead>
          <tbody>
            {tags.items.map((tag) => (
              <tr>
                <td>
                  <a href={adminTagPath(tag.slug)} safe>
                    {tag.name}
                  </a>
                </td>
                <td safe>{tag.slug}</td>
                <td>{tag.isSection ? 'Section' : ''}</td>
                <td class="number" safe>
                  {tag.articleCount.toLocaleString('en')}
                </td>
                <td safe>{tag.aliases.map((alias) => alias.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
      <Pager page={tags} href={(page) => tagsListPath(query, page)} />
      <h2 id="new-tag">Add a tag</h2>
      <form method="post" action="/admin/tags" novalidate class="narrow-form" aria-labelledby="new-tag">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={createState} />
        <TagFieldset state={createState} idPrefix="new-" withSlug={false} />
        <p class="form-submit">
          <button type="submit" class="button">
            Add tag
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}

export interface TagEditPageProps {
  readonly admin: AdminContext;
  readonly tag: Tag;
  readonly aliases: readonly TagAlias[];
  readonly articleCount: number;
  /** The tags it may be filed under: never itself, nor one filed under it. */
  readonly parentChoices: readonly ParentChoice[];
  readonly editState: FormState;
  readonly aliasState: FormState;
  readonly mergeState: FormState;
}

/** One tag: its details and the tag it is filed under, its aliases, and merging it into another tag. */
export function TagEditPage(props: TagEditPageProps): JSX.Element {
  const { admin, tag, aliases, articleCount, parentChoices, editState, aliasState, mergeState } = props;
  const action = adminTagPath(tag.slug);
  return (
    <AdminLayout admin={admin} title={`Tag: ${tag.name}`}>
      <p>
        <a href="/admin/tags">← All tags</a>
      </p>
      <h1 safe>{`Tag: ${tag.name}`}</h1>
      <dl class="facts">
        <dt>Page</dt>
        <dd>
          <a href={paths.tag(tag.slug)} safe>
            {paths.tag(tag.slug)}
          </a>
        </dd>
        <dt>Articles</dt>
        <dd safe>{plural(articleCount, 'article', 'articles')}</dd>
      </dl>

      <h2 id="details">Details</h2>
      <form method="post" action={action} novalidate class="narrow-form" aria-labelledby="details">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={editState} />
        <TagFieldset state={editState} withSlug />
        <SelectField
          name="parentId"
          label="Filed under"
          hint="The broader tag this one is part of: its page says so and links there, and that page links back."
          state={editState}
          options={[
            { value: '', label: 'Nothing: a top-level tag' },
            ...parentChoices.map((choice) => ({ value: String(choice.id), label: choice.label })),
          ]}
        />
        <p class="form-submit">
          <button type="submit" class="button">
            Save tag
          </button>
        </p>
      </form>

      <h2 id="aliases">Aliases</h2>
      <p class="aside">
        Other names for this tag. An article tagged with an alias gets this tag, and the alias’s address redirects to this tag’s page.
      </p>
      {aliases.length > 0 ? (
        <ul class="tag-aliases">
          {aliases.map((alias) => (
            <li>
              <span safe>{alias.name}</span> <span class="muted" safe>{`(${paths.tag(alias.slug)})`}</span>{' '}
              <form method="post" action={`${action}/aliases/remove`} class="inline-form">
                <CsrfField token={admin.csrfToken} />
                <input type="hidden" name="alias" value={alias.slug} />
                <button type="submit" class="button secondary small">
                  Remove<span class="visually-hidden" safe>{` alias ${alias.name}`}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">This tag has no aliases.</p>
      )}
      <form method="post" action={`${action}/aliases`} novalidate class="narrow-form" aria-labelledby="aliases">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={aliasState} />
        <TextField
          name="alias"
          label="New alias"
          state={aliasState}
          required
          input={{ maxlength: String(TAG_LIMITS.name), autocomplete: 'off' }}
        />
        <p class="form-submit">
          <button type="submit" class="button secondary">
            Add alias
          </button>
        </p>
      </form>

      <h2 id="merge">Merge into another tag</h2>
      <p class="aside" safe>
        {`Every article tagged “${tag.name}” is tagged with the other tag instead. “${tag.name}”, its address and its aliases become aliases of the other tag, and “${tag.name}” is deleted. This cannot be undone.`}
      </p>
      <form method="post" action={`${action}/merge`} novalidate class="narrow-form" aria-labelledby="merge">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={mergeState} />
        <TextField
          name="into"
          label="Merge into (the other tag’s name or slug)"
          state={mergeState}
          required
          input={{ autocomplete: 'off' }}
        />
        <p class="form-submit">
          <button type="submit" class="button danger" safe>
            {`Merge and delete “${tag.name}”`}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
