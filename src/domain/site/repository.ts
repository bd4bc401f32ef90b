export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  /** Every setting whose key starts with `prefix`, in one query. */
  listByPrefix(prefix: string): Promise<Record<string, string>>;
  /** Stores `value` unless the key already has one; returns whichever value won. A function is called only when nothing is stored (a new secret). */
  getOrInsert(key: string, value: string | (() => string)): Promise<string>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
