import type { AdminContext } from './context.ts';
import { AdminLayout } from './layout.tsx';

const HEADINGS: Readonly<Record<number, string>> = {
  403: 'Not allowed',
  404: 'Not found',
  409: 'That could not be done',
  429: 'Please wait a moment',
};

/** A refusal or failure inside the newsroom, in the newsroom's own frame. */
export function AdminErrorPage({ admin, status, message }: { admin: AdminContext; status: number; message: string }): JSX.Element {
  return (
    <AdminLayout admin={admin} title={HEADINGS[status] ?? 'Something went wrong'}>
      <section class="error-page">
        <p class="muted" safe>{`Error ${status}`}</p>
        <h1 safe>{HEADINGS[status] ?? 'Something went wrong'}</h1>
        <p safe>{message}</p>
        <p>
          <a href="/admin">Back to the newsroom</a>
        </p>
      </section>
    </AdminLayout>
  );
}
