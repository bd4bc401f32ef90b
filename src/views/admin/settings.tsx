import {
  COMMENT_ORDERS,
  COMMENT_POLICIES,
  FEED_CONTENTS,
  SITE_SETTINGS_LIMITS,
  type SiteSettings,
  type SiteSettingsForm,
} from '../../domain/site/site-settings.ts';
import { timeZoneChoices } from '../../domain/shared/locale.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FormErrors, SelectField, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

/** The form's values for stored settings. */
export function settingsFormValues(settings: SiteSettings): SiteSettingsForm {
  return {
    ...settings,
    closeCommentsAfterDays: String(settings.closeCommentsAfterDays),
    commentsPerPage: String(settings.commentsPerPage),
  };
}

/** The publication's settings: what readers see at the top of every page, and how comments are handled. */
export function SettingsPage({ admin, state }: { admin: AdminContext; state: FormState }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Site settings">
      <h1>Site settings</h1>
      <form method="post" action="/admin/settings" novalidate class="narrow-form">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={state} />
        <h2>Publication</h2>
        <TextField name="title" label="Title" state={state} required input={{ maxlength: String(SITE_SETTINGS_LIMITS.title) }} />
        <TextField
          name="description"
          label="Description"
          hint="One line under the title, and the summary search engines show."
          state={state}
          input={{ maxlength: String(SITE_SETTINGS_LIMITS.description) }}
        />
        <TextField
          name="language"
          label="Language"
          hint="A language tag such as en, en-GB, zh-Hant or ja: it sets the page language and how dates are written."
          state={state}
          required
          input={{ autocomplete: 'off', spellcheck: 'false' }}
        />
        <TextField
          name="timeZone"
          label="Time zone"
          hint="The dates and times readers see are in this zone, e.g. Asia/Hong_Kong."
          state={state}
          required
          input={{ list: 'time-zones', autocomplete: 'off', spellcheck: 'false' }}
        />
        <datalist id="time-zones">
          {timeZoneChoices().map((zone) => (
            <option value={zone}></option>
          ))}
        </datalist>
        <h2>Comments</h2>
        <SelectField name="commentPolicy" label="When a reader comments" state={state} options={COMMENT_POLICIES} />
        <TextField
          name="closeCommentsAfterDays"
          label="Close comments on articles older than (days)"
          hint="0 keeps comments open on every article, whatever its age."
          state={state}
          input={{ type: 'number', min: '0', max: String(SITE_SETTINGS_LIMITS.closeCommentsAfterDays), step: '1', inputmode: 'numeric' }}
        />
        <TextField
          name="commentsPerPage"
          label="Conversations on each page of an article's comments"
          hint="Each comment that starts a conversation counts once, with all its replies on the same page. WordPress's default is 50."
          state={state}
          input={{ type: 'number', min: '1', max: String(SITE_SETTINGS_LIMITS.commentsPerPage), step: '1', inputmode: 'numeric' }}
        />
        <SelectField name="commentOrder" label="Comments are listed" state={state} options={COMMENT_ORDERS} />
        <p class="hint">
          Timing, link and blocklist checks and the learning filter are set under <a href="/admin/comments/spam">Spam defence</a>.
        </p>
        <h2>Feeds</h2>
        <SelectField name="feedContent" label="Each item in the RSS, Atom and JSON feeds carries" state={state} options={FEED_CONTENTS} />
        <p class="form-submit">
          <button type="submit" class="button">
            Save settings
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
