import type { FilePlace, ImportPlan, ImportRecord } from '../domain/importing/records.ts';

/** What the reading thread tells the writing one. */
export type FromReader =
  | { readonly type: 'plan'; readonly plan: ImportPlan }
  | { readonly type: 'batch'; readonly records: ImportRecord[]; readonly entries: number; readonly bytesRead: number }
  | { readonly type: 'end' }
  | { readonly type: 'file-error'; readonly problem: string; readonly place: FilePlace | null }
  | { readonly type: 'failure'; readonly message: string; readonly code?: string | undefined };

/** `start` after the check; `written` after each batch, so that the reader may read one more. */
export type ToReader = { readonly type: 'start' } | { readonly type: 'written' };
