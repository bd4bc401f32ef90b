import { fileURLToPath } from 'node:url';
import type { ImportPlan, ImportRecord } from '../../domain/importing/records.ts';
import { wordpressReader } from './reader.ts';

/** The path of a file in test/fixtures/wordpress. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/wordpress/${name}`, import.meta.url));
}

/** Checks and reads a whole export, as the importer does, keeping every record and progress report. */
export async function readAll(file: string): Promise<{ plan: ImportPlan; records: ImportRecord[]; progress: number[] }> {
  const reader = wordpressReader(file);
  const plan = await reader.check();
  const progress: number[] = [];
  const records: ImportRecord[] = [];
  for await (const record of reader.read((bytes) => progress.push(bytes))) records.push(record);
  return { plan, records, progress };
}

/** The records of one kind, and one record by its id. */
export function recordsOf(records: readonly ImportRecord[]) {
  const ofKind = <K extends ImportRecord['kind']>(kind: K) =>
    records.filter((r): r is Extract<ImportRecord, { kind: K }> => r.kind === kind);
  const byId = <K extends 'article' | 'tag' | 'media' | 'page'>(kind: K, id: string) =>
    records.find((r): r is Extract<ImportRecord, { kind: K }> => r.kind === kind && 'externalId' in r && r.externalId === id)!;
  return { ofKind, byId };
}
