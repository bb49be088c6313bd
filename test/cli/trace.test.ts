import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repo';
import { edgeflow, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

interface JsonTrace {
  file: string;
  errors: number;
  cells: {
    from: string;
    to: string;
    verdict: string;
    ok: boolean;
    paths: { verdict: string; hops: { server: string; departure?: { sendConnector: string } }[] }[];
  }[];
}

const fixture = (code: string, name: string) =>
  path.join(REPO_ROOT, 'test', 'fixtures', 'rules', code, `${name}.edgeflow.json`);

/** The four mistakes of issue 13 that passed `check` before the mail-flow model. */
const MISTAKES = [
  {
    what: 'an internet-facing Externally Secured connector for 0.0.0.0/0',
    file: fixture('open-relay', 'bad-externally-secured-internet'),
    code: 'open-relay',
    on: "'From Internet' on EDGE01",
    from: 'internet',
    to: 'user@example.org',
    verdict: 'internet',
  },
  {
    what: 'a Mailbox Externally Secured connector for 10.0.0.0/8',
    file: fixture('internal-relay', 'bad-mailbox-subnet'),
    code: 'internal-relay',
    on: "'From Edge (Externally Secured)' on MBX01",
    from: 'internal',
    to: 'user@example.org',
    verdict: 'internet',
  },
  {
    what: "a second accepted domain the Edge's connector does not cover",
    file: fixture('no-route', 'bad-second-domain-not-covered'),
    code: 'no-route',
    on: "'To Internal Org' on EDGE01",
    from: 'internet',
    to: 'user@fabrikam.com',
    verdict: 'internet',
  },
  {
    what: "'*' instead of '--' on the Edge's connector to the organization",
    file: fixture('mail-loop', 'bad-wildcard-instead-of-dashdash'),
    code: 'mail-loop',
    on: "'To Internal Org' on EDGE01",
    from: 'MBX01',
    to: 'user@example.org',
    verdict: 'loop',
  },
];

describe('edgeflow trace', () => {
  const examples = path.join(REPO_ROOT, 'examples');

  it('prints the path of one message hop by hop (the README example)', () => {
    const run = edgeflow(
      examples,
      'trace',
      'contoso.edgeflow.json',
      '--from',
      'internet',
      '--to',
      'user@contoso.com',
    );
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(
      lines[0] ?? '',
      /^ok +the internet → user@contoso\.com \(Authoritative\): delivered/,
    );
    for (const expected of [
      /^ +1\. EDGE01 10\.1\.1\.1:25, from the internet/,
      /^ +received by 'From Internet'.*, anonymous$/,
      /^ +sent by 'To Internal Org' \(address space --, matching contoso\.com\) to the smart host mbxserver01\.contoso\.com$/,
      /^ +2\. MBX01 192\.168\.5\.10:25, from EDGE01 \(10\.1\.1\.2\)$/,
      /^ +received by 'Default Frontend MBX01' \(built-in\).*Basic as CONTOSO\\edgerelay \(taken to be in Exchange Servers\)$/,
      /^ +→ accepted by MBX01 for delivery in the organization$/,
    ])
      assert.ok(
        lines.some((line) => expected.test(line)),
        `${expected}\n${run.stdout}`,
      );
    assert.match(run.stderr, /every message gets what the design needs/);
  });

  it('prints the whole matrix, one verdict per sender and recipient class', () => {
    const run = edgeflow(examples, 'trace', 'contoso.edgeflow.json');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    // The internet, an internal host, MBX01, MBX02, EDGE01 × contoso.com, a domain not accepted.
    assert.equal(lines.length, 10, run.stdout);
    assert.ok(
      lines.every((l) => l.startsWith('ok ')),
      run.stdout,
    );
    assert.ok(
      lines.includes('ok   MBX01 → user@example.org (not accepted): internet, needs sent-on'),
    );
    assert.ok(
      lines.includes('ok   the internet → user@example.org (not accepted): refused, needs refused'),
    );
  });

  it('writes JSON with every cell, path and hop', () => {
    const run = edgeflow(
      examples,
      'trace',
      'contoso.edgeflow.json',
      '--format',
      'json',
      '--from',
      'MBX02',
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonTrace;
    assert.equal(report.errors, 0);
    assert.deepEqual(
      report.cells.map((c) => [c.from, c.to, c.verdict, c.ok]),
      [
        ['MBX02', 'user@contoso.com', 'delivered', true],
        ['MBX02', 'user@example.org', 'internet', true],
      ],
    );
    const outbound = report.cells[1]?.paths[0]?.hops ?? [];
    assert.deepEqual(
      outbound.map((h) => [h.server, h.departure?.sendConnector]),
      [
        ['MBX02', 'To Edge'],
        ['EDGE01', 'To Internet'],
      ],
    );
  });

  for (const mistake of MISTAKES) {
    it(`shows ${mistake.what}: check names the connector, trace exits 1`, () => {
      const check = edgeflow(REPO_ROOT, 'check', mistake.file, '--format', 'json');
      const diagnostics = (
        JSON.parse(check.stdout) as {
          files: { diagnostics: { code: string; message: string }[] }[];
        }
      ).files[0]?.diagnostics;
      const found = diagnostics?.filter((d) => d.code === mistake.code) ?? [];
      assert.equal(found.length, 1, check.stdout);
      assert.ok(found[0]?.message.includes(mistake.on), found[0]?.message);
      assert.ok(!diagnostics?.some((d) => d.code === 'missing-connector'), check.stdout);

      const run = edgeflow(
        REPO_ROOT,
        'trace',
        mistake.file,
        '--from',
        mistake.from,
        '--to',
        mistake.to,
      );
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`^FAIL .*: ${mistake.verdict}, needs`));
      assert.match(run.stderr, /1 message of 1 does not get what the design needs/);
    });
  }

  it('says so when the topology has errors, and traces it as written', () => {
    const dir = temporaryDirectory();
    const file = write(
      dir,
      'broken.edgeflow.json',
      REFERENCE.replace('"version": 1', '"version": 7'),
    );
    const run = edgeflow(dir, 'trace', file, '--from', 'internet', '--to', 'contoso.com');
    assert.match(
      run.stderr,
      /has 1 error \(run 'edgeflow check'\): the trace follows the design as written/,
    );
    assert.match(run.stdout, /→ accepted by MBX01 for delivery in the organization/);
  });

  for (const [args, message] of [
    [
      ['--from', 'nowhere'],
      /'nowhere' is neither 'internet', 'internal', a server of the topology nor an IP address/,
    ],
    [['--to', 'not an address'], /'not an address' is not an e-mail address or a domain/],
    [['--format', 'sarif'], /--format must be text or json, not 'sarif'/],
    [['--colour'], /Unknown option '--colour'/],
  ] as const) {
    it(`refuses ${args.join(' ')} with a usage message (exit 2)`, () => {
      const run = edgeflow(examples, 'trace', 'contoso.edgeflow.json', ...args);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      assert.equal(run.stdout, '');
    });
  }

  it('reports a missing file and a missing argument (exit 2)', () => {
    const missing = edgeflow(examples, 'trace', 'nothing.edgeflow.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nothing\.edgeflow\.json: /);
    const none = edgeflow(examples, 'trace');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /trace takes exactly one topology file/);
  });
});
