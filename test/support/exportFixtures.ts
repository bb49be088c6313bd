import * as fs from 'node:fs';
import type { ExportDocument } from '../../server/src/core/export/document';
import type { ImportInput } from '../../server/src/core/export/importTopology';
import { readExportDocument } from '../../server/src/core/export/read';
import { repoPath } from './repo';

/**
 * The export documents of test/fixtures/export/<example>/: what the export
 * script writes for the servers an example's generated scripts configured,
 * written as Exchange prints each value (document.ts).
 */
export const EXPORT_EXAMPLES = ['contoso', 'externally-secured', 'two-edges'] as const;

export function exportFiles(example: string): string[] {
  const dir = repoPath('test', 'fixtures', 'export', example);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export function readExport(file: string): ExportDocument {
  const read = readExportDocument(fs.readFileSync(file, 'utf8'), { fileName: file });
  if (read.problem !== undefined) throw new Error(read.problem);
  return read.document;
}

export function exportInputs(example: string): ImportInput[] {
  return exportFiles(example).map((fileName) => ({ fileName, document: readExport(fileName) }));
}

/** A deep copy to change (the documents are read-only by type). */
export function mutable<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A value a test relies on: fails the test, naming `what`, when it is absent. */
export function defined<T>(value: T | undefined | null, what = 'a value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}
