import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JSONPath } from 'jsonc-parser';
import { analyze } from '../../../server/src/core';
import { describeFindings } from '../../support/findings';
import { readRepoFile, repoPath } from '../../support/repo';
import { withValue } from '../../support/topology';

/**
 * One variant of the clean base topology per kind of schema mistake, and the
 * schema rule's findings on it as a user reads them (message, range, fixes and
 * their edits), in test/golden/schema/gallery.txt. The rule fixtures reach few
 * of these kinds: a mutation run of the rules folder left most of schema.ts's
 * messages and fixes unasserted. EDGEFLOW_UPDATE_GOLDEN=1 regenerates; read
 * the diff.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'schema', 'gallery.txt');
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

const VARIANTS: readonly (readonly [string, JSONPath, unknown])[] = [
  ['a port written as a string', ['sendConnectors', 0, 'port'], '25'],
  ['a port written as a string that is no number', ['sendConnectors', 0, 'port'], '25a'],
  ['a boolean written as a string', ['sendConnectors', 0, 'dnsRoutingEnabled'], 'false'],
  ['a boolean written as a number', ['sendConnectors', 0, 'dnsRoutingEnabled'], 0],
  [
    'one smart host instead of a list',
    ['sendConnectors', 1, 'smartHosts'],
    'mbxserver01.contoso.com',
  ],
  ['a number instead of a list of strings', ['sendConnectors', 0, 'addressSpaces'], 5],
  ['a binding instead of a list', ['receiveConnectors', 0, 'bindings'], '10.1.1.1:25'],
  [
    'an authentication mechanism listed twice',
    ['receiveConnectors', 1, 'authMechanism'],
    ['Tls', 'Tls'],
  ],
  [
    'an unknown authentication mechanism',
    ['receiveConnectors', 1, 'authMechanism'],
    ['Tls', 'Kerberos'],
  ],
  [
    'a mechanism in another letter case',
    ['receiveConnectors', 1, 'authMechanism'],
    ['tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
  ],
  ['an unknown role', ['servers', 1, 'role'], 'Hub'],
  ['a server without a role', ['servers', 1, 'role'], undefined],
  ['a send connector without a name', ['sendConnectors', 0, 'name'], undefined],
  ['an adapter without addresses', ['servers', 0, 'adapters', 0, 'ipAddresses'], undefined],
  ['an unknown property of a credential', ['credentials', 0, 'passwrd'], 'x'],
  ['an unknown property of an adapter', ['servers', 0, 'adapters', 0, 'gateway'], '10.1.1.254'],
  ['an unknown property of the organization', ['organization', 'forest'], 'contoso.local'],
  ['an unknown property of a certificate', ['servers', 0, 'certificate', 'issuer'], 'CA'],
  ['an unknown certificate type', ['servers', 0, 'certificate', 'type'], 'letsEncrypt'],
  ['servers as an object', ['servers'], {}],
  ['a port out of range', ['sendConnectors', 0, 'port'], 70000],
  [
    'an accepted domain of an unknown type',
    ['organization', 'acceptedDomains', 0],
    { domainName: 'contoso.com', domainType: 'Relay' },
  ],
  ['an accepted domain that is a number', ['organization', 'acceptedDomains', 0], 42],
  ['version 2', ['version'], 2],
  ['no version', ['version'], undefined],
];

describe('what the schema rule says of each kind of mistake (golden)', () => {
  it('reads as in test/golden/schema/gallery.txt', () => {
    const sections = VARIANTS.map(([what, at, value]) => {
      const text = withValue(base, at, value);
      const schemaOnly = analyze(text).findings.some((f) => f.code === 'schema');
      assert.ok(schemaOnly, `${what}: the variant has a schema finding`);
      const findings = describeFindings(text)
        .split('\n')
        .filter((_, i, all) => isSchemaBlock(all, i));
      return `== ${what}: ${JSON.stringify(at)} = ${JSON.stringify(value)}\n${findings.join('\n')}\n`;
    });
    const actual = sections.join('\n');
    if (UPDATE) {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, actual);
    }
    assert.ok(fs.existsSync(GOLDEN), 'no golden gallery: run with EDGEFLOW_UPDATE_GOLDEN=1');
    assert.equal(
      actual,
      fs.readFileSync(GOLDEN, 'utf8'),
      'regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and review the diff',
    );
  });
});

/** Whether line i belongs to a schema finding (its own line, or an indented line under it). */
function isSchemaBlock(lines: readonly string[], i: number): boolean {
  for (let k = i; k >= 0; k--) {
    const line = lines[k] ?? '';
    if (!line.startsWith(' '))
      return / error schema: | warning schema: | information schema: /.test(line);
  }
  return false;
}
