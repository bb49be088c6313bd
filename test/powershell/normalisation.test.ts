import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sameValue } from '../../server/src/core/export/values';
import type { CheckKind } from '../../server/src/core/generate/parameters';
import { ScriptWriter } from '../../server/src/core/generate/scriptWriter';
import { writePrelude } from '../../server/src/core/generate/verifyPrelude';
import { pwshExecutable, requirePwsh } from './support/pwsh';

/**
 * `edgeflow drift` and the verification script must agree on what differs:
 * each pair below is compared by the verification script's own
 * Compare-EdgeFlowValue (verifyPrelude.ts, run in PowerShell 7) and by the
 * engine's sameValue (export/values.ts), and both must say the same. The
 * pairs are Exchange's printed forms against the topology's, equal and not.
 */
const PAIRS: readonly [CheckKind, string | string[], string | string[]][] = [
  ['size', '36 MB (37,748,736 bytes)', '36 MB'],
  ['size', '35 MB (36,700,160 bytes)', '36 MB'],
  ['size', 'Unlimited', 'unlimited'],
  ['size', '256 KB (262,144 bytes)', '256KB'],
  ['size', '1.5 KB', '1,536 B (1,536 bytes)'],
  ['timeSpan', '00:05:00', '00:05:00'],
  ['timeSpan', '1.00:00:00', '1'],
  ['timeSpan', '00:00:05', '0:0:5'],
  ['timeSpan', '00:10:00', '00:05:00'],
  ['range', ['10.0.0.0/24'], ['10.0.0.0-10.0.0.255']],
  ['range', ['10.0.0.5'], ['10.0.0.5/32']],
  ['range', ['10.0.0.0(255.255.255.0)'], ['10.0.0.0/24']],
  ['range', ['fd00:20::/64'], ['fd00:20::-fd00:20::ffff:ffff:ffff:ffff']],
  ['range', ['10.0.0.0/24'], ['10.0.0.0/25']],
  ['range', ['192.168.5.10', '192.168.5.20'], ['192.168.5.20', '192.168.5.10']],
  ['binding', ['[fd00:10:0::10]:25'], ['[fd00:10::10]:25']],
  ['binding', ['10.1.1.2:25'], ['10.1.1.2:2525']],
  ['binding', ['0.0.0.0:25', '[::]:25'], ['[::]:25', '0.0.0.0:25']],
  ['addressSpace', ['SMTP:*;1'], ['*']],
  ['addressSpace', ['SMTP:*;5'], ['*']],
  ['addressSpace', ['smtp:contoso.com;2'], ['contoso.com;2']],
  ['addressSpace', ['SMTP:--;1'], ['--']],
  ['smartHost', ['[10.0.0.1]'], ['10.0.0.1']],
  ['smartHost', ['MBX01.contoso.com.'], ['mbx01.contoso.com']],
  ['smartHost', ['mbx01.contoso.com'], ['mbx02.contoso.com']],
  ['flags', 'Tls, BasicAuth', ['BasicAuth', 'Tls']],
  [
    'flags',
    'Tls, BasicAuth, ExchangeServer',
    ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', 'ExchangeServer'],
  ],
  ['name', ['MBX01', 'MBX02'], ['mbx02', 'MBX01', 'mbx01']],
  ['bool', 'True', 'true'],
  ['bool', 'False', 'True'],
  ['number', '20', '20'],
  ['text', 'BasicAuthRequireTLS', 'basicauthrequiretls'],
  ['address', '0.0.0.0', '0.0.0.0'],
  ['address', 'FD00::5', 'fd00:0::5'],
];

describe('the drift and the verification script normalise alike', function () {
  before(function () {
    requirePwsh(this);
  });

  it('compares each pair as the verification script does', () => {
    const w = new ScriptWriter();
    writePrelude(w, { trustedRoot: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-normalise-'));
    const pairs = path.join(dir, 'pairs.json');
    const result = path.join(dir, 'result.json');
    fs.writeFileSync(pairs, JSON.stringify(PAIRS.map(([kind, a, b]) => ({ kind, a, b }))));
    const script = path.join(dir, 'compare.ps1');
    fs.writeFileSync(
      script,
      [
        "$ErrorActionPreference = 'Stop'",
        // The writer's text starts with a BOM, for a file of its own.
        w.text().replace(/^\uFEFF/, ''),
        `$pairs = Get-Content -Raw -LiteralPath '${pairs}' | ConvertFrom-Json`,
        'foreach ($pair in $pairs) { Compare-EdgeFlowValue -Name $pair.kind -Kind $pair.kind -Expected $pair.a -Actual $pair.b }',
        `ConvertTo-Json -InputObject @($results | ForEach-Object { $_.status -eq 'PASS' }) | Set-Content -LiteralPath '${result}'`,
      ].join('\n'),
    );
    const run = spawnSync(
      pwshExecutable().path ?? 'pwsh',
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script],
      { encoding: 'utf8' },
    );
    assert.ok(fs.existsSync(result), `the comparison did not run: ${run.stdout}${run.stderr}`);
    const verdicts = JSON.parse(fs.readFileSync(result, 'utf8')) as boolean[];
    assert.equal(verdicts.length, PAIRS.length);
    const disagreements = PAIRS.flatMap(([kind, a, b], i) =>
      sameValue(kind, a, b) === verdicts[i]
        ? []
        : [
            `${kind} ${JSON.stringify(a)} vs ${JSON.stringify(b)}: PowerShell ${String(verdicts[i])}`,
          ],
    );
    assert.deepEqual(disagreements, []);
    // Both kinds of answer occur: the pairs test the comparison, not only equality.
    assert.ok(verdicts.includes(true) && verdicts.includes(false));
  });
});
