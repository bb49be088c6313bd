import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  EXPORT_FORMAT,
  exportScript,
  exportedPropertyNames,
  CONTENT_HASH_PLACEHOLDER,
  CONTENT_HASH_PREFIX,
  BYTE_ORDER_MARK,
} from '../../../server/src/core';
import { RECEIVE_PARAMETERS, SEND_PARAMETERS } from '../../../server/src/core/generate/parameters';
import { parsePowerShell, syntaxErrors } from '../../support/powershellGrammar';
import { singleQuotedValue, tokenize } from '../../support/powershellTokens';
import { repoPath } from '../../support/repo';

/**
 * The export script's text: deterministic, parsed by the PowerShell grammar,
 * its property lists taken from parameters.ts, and no secret read. Its
 * behaviour on the simulated Exchange is test/powershell/export.test.ts; the
 * golden file (refreshed with EDGEFLOW_UPDATE_GOLDEN=1) shows every change.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'export', 'edgeflow-export.ps1');

describe('export script', () => {
  const script = exportScript();

  it('is the same text every time: a byte-order mark, the content-hash line, LF only', () => {
    assert.equal(exportScript(), script);
    assert.ok(
      script.startsWith(`${BYTE_ORDER_MARK}${CONTENT_HASH_PREFIX}${CONTENT_HASH_PLACEHOLDER}\n`),
    );
    assert.ok(!script.includes('\r'));
    assert.ok(script.endsWith('\n') && !script.endsWith('\n\n'));
  });

  it('matches its golden file', () => {
    if (UPDATE) {
      fs.mkdirSync(repoPath('test', 'golden', 'export'), { recursive: true });
      fs.writeFileSync(GOLDEN, script);
    }
    assert.equal(
      script,
      fs.readFileSync(GOLDEN, 'utf8'),
      'regenerate with EDGEFLOW_UPDATE_GOLDEN=1',
    );
  });

  it('parses as PowerShell without an error', async () => {
    assert.deepEqual(syntaxErrors(await parsePowerShell(script)), []);
  });

  it('reads every connector property parameters.ts lists as reading back, and nothing else', () => {
    const quoted = (name: string) =>
      tokenize(script.split('\n').find((line) => line.startsWith(`$${name} = @(`)) ?? '')
        .filter((token) => token.kind === 'single')
        .map(singleQuotedValue);
    const send = SEND_PARAMETERS.filter((s) => s.cmdlets !== 'new').map((s) => s.parameter);
    assert.deepEqual(
      [...quoted('sendProperties'), 'AuthenticationCredential'].sort(),
      [...send].sort(),
    );
    const receive = RECEIVE_PARAMETERS.filter((s) => s.cmdlets !== 'new').map((s) => s.parameter);
    assert.deepEqual(quoted('receiveProperties').sort(), [...receive].sort());
    assert.deepEqual(quoted('receiveProperties'), exportedPropertyNames('receive'));
    for (const absent of ['Name', 'Usage', 'Server'])
      assert.ok(!exportedPropertyNames('receive').includes(absent), absent);
  });

  it('never reads a password: of the credential only UserName', () => {
    assert.doesNotMatch(script, /password|GetNetworkCredential|SecureString|Marshal/i);
    assert.match(script, /\$credential\.Value -Name 'UserName'/);
  });

  it('writes the document format of document.ts', () => {
    assert.ok(script.includes(`$document['format'] = '${EXPORT_FORMAT}'`));
    assert.ok(script.includes("$document['version'] = 1"));
  });
});
