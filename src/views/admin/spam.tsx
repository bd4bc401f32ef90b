import { BLOCKLIST_LIMITS } from '../../domain/comments/spam/blocklist.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FormErrors, TextArea, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

const NUMBER = { type: 'number', step: '1', inputmode: 'numeric' } as const;

/** The spam defence settings: timing, links, the learning filter's thresholds, and the blocklists. */
export function SpamSettingsPage({ admin, state }: { admin: AdminContext; state: FormState }): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Spam defence">
      <h1>Spam defence</h1>
      <p>
        Every reader's comment passes these checks before the comment policy decides whether it is published. A comment held by a check
        waits in the <a href="/admin/comments">moderation queue</a> with the reason; one marked as spam is never shown, and its sender sees
        the same notice as for a held comment.
      </p>
      <form method="post" action="/admin/comments/spam" novalidate class="narrow-form">
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={state} />
        <h2>Checks</h2>
        <TextField
          name="minSeconds"
          label="Refuse a comment sent sooner than this after the page opened (seconds)"
          hint="People take longer than a few seconds to write; scripts do not. 0 turns the check off."
          state={state}
          input={{ ...NUMBER, min: '0', max: '600' }}
        />
        <TextField
          name="linkLimit"
          label="Hold a comment with more links than"
          hint="Links in the text and the commenter's website count."
          state={state}
          input={{ ...NUMBER, min: '0', max: '100' }}
        />
        <h2>Learning filter</h2>
        <p class="hint">
          The filter learns from your decisions: each comment you approve or mark as spam teaches it; restoring or unapproving one unteaches
          it. It scores nothing until it has learned five comments of each kind.
        </p>
        <TextField
          name="holdScore"
          label="Hold a comment whose spam score is at least (of 100)"
          state={state}
          input={{ ...NUMBER, min: '1', max: '100' }}
        />
        <TextField
          name="spamScore"
          label="Mark a comment as spam when its score is at least (of 100)"
          state={state}
          input={{ ...NUMBER, min: '1', max: '100' }}
        />
        <h2>Blocklist</h2>
        <p class="hint" safe>
          {`A comment that matches an entry is marked as spam. One entry per line, up to ${BLOCKLIST_LIMITS.entries.toLocaleString('en')} in each list.`}
        </p>
        <TextArea
          name="blockedWords"
          label="Words"
          hint="Whole words or phrases, in any case; Chinese, Japanese and Korean entries match anywhere in the text."
          state={state}
          rows={5}
          attributes={{ spellcheck: 'false' }}
        />
        <TextArea
          name="blockedAddresses"
          label="Client addresses"
          hint="An address such as 192.0.2.7, or a range such as 192.0.2.0/24 or 2001:db8::/32. Checked when a comment arrives; addresses are never stored."
          state={state}
          rows={5}
          attributes={{ spellcheck: 'false' }}
        />
        <TextArea
          name="blockedDomains"
          label="Domains"
          hint="Such as example.com: matches the email's domain, the website and every link, subdomains included."
          state={state}
          rows={5}
          attributes={{ spellcheck: 'false' }}
        />
        <p class="form-submit">
          <button type="submit" class="button">
            Save spam settings
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
