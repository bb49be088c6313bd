import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * Every source id the code cites (`SC-02`, `SPEC §1`, `[PS:New-SendConnector]`,
 * `[EX:…/receive-connectors.md]`, `[CODE:NRC SetPermissionGroups]`,
 * `[RES-DIR:RequireTLSWithoutTLS]`) is explained in docs/sources.md, so that a
 * reader can follow it. The ids are normalised to the form the page lists:
 * the first word of a bracketed id (`[CODE:NRC]`, `[PS:New-ReceiveConnector]`),
 * and an `[EX:…/name.md]` abbreviation matches the one listed path ending so.
 */

const CITATIONS: readonly RegExp[] = [
  /SPEC §\d+/g,
  /\b(?:SC|RC)-\d+[a-z]?\b/g,
  /\[(?:PS|CODE|RES-DIR|RES-MGMT):[^\]\s]+/g,
  /\[EX:[^\]\s]+/g,
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The ids cited in a text, each with its normalised form. */
function citationsIn(text: string): string[] {
  return CITATIONS.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((m) => (m[0].startsWith('[') ? `${m[0]}]` : m[0])),
  );
}

/** The ids docs/sources.md explains: the code spans in the first column of its tables. */
function listedIds(doc: string): Set<string> {
  const ids = new Set<string>();
  for (const match of doc.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)) ids.add(match[1] ?? '');
  return ids;
}

function isListed(id: string, listed: ReadonlySet<string>): boolean {
  if (listed.has(id)) return true;
  const abbreviated = /^\[EX:…(\/.+)\]$/.exec(id);
  return (
    abbreviated?.[1] !== undefined &&
    [...listed].filter((l) => l.startsWith('[EX:') && l.endsWith(`${abbreviated[1]}]`)).length === 1
  );
}

describe('docs/sources.md', () => {
  const listed = listedIds(readRepoFile('docs', 'sources.md'));
  const root = repoPath('server', 'src');
  const cited = new Map<string, string>();
  for (const file of sourceFiles(root)) {
    for (const id of citationsIn(fs.readFileSync(file, 'utf8'))) {
      if (!cited.has(id)) cited.set(id, path.relative(root, file).replaceAll(path.sep, '/'));
    }
  }

  it('finds the citations (the scan itself works)', () => {
    assert.ok(cited.size > 40, `only ${cited.size} ids cited`);
    assert.deepEqual(citationsIn('see SC-02, [EX:…/a.md] and [CODE:NRC SetPermissionGroups].'), [
      'SC-02',
      '[CODE:NRC]',
      '[EX:…/a.md]',
    ]);
    assert.ok(!isListed('SC-99', listed));
  });

  it('explains every id cited in server/src', () => {
    const missing = [...cited]
      .filter(([id]) => !isListed(id, listed))
      .map(([id, file]) => `${id} (${file})`);
    assert.deepEqual(missing, []);
  });
});
