import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { REFERENCE, temporaryDirectory } from '../cli/run';
import { LspClient } from '../lsp/client';
import { REPO_ROOT } from '../support/repo';
import { Random } from './random';
import { FUZZ_SEED } from './seed';
import type { Usage } from './usageReporter';

/**
 * Extreme inputs through the real CLI (`bin/edgeflow.js check`) and the real
 * language server: each gets a clear diagnostic in bounded time and memory,
 * nothing hangs and nothing overflows the stack. Every run is measured (wall
 * time, and peak resident memory reported by the process itself through
 * usageReporter.js) and the figures are printed.
 */

const MB = 1024 * 1024;
const PRELOAD = path.join(__dirname, 'usageReporter.js');
/**
 * A deadline for each wait (the CLI's run, a request, diagnostics), so that a
 * hang fails the test with a message instead of stalling the suite. Only a
 * hang reaches it: the measured figures are far below, and speed itself is
 * measured by `npm run bench`, not here.
 */
const TIME_LIMIT_MS = 30_000;
const RSS_LIMIT_MB = 1024;

interface ExtremeInput {
  readonly name: string;
  /** What the file holds (bytes for the CLI; the server gets the text an editor would decode). */
  readonly bytes: () => Buffer;
  readonly text: () => string;
  /** The diagnostic every adapter must give. */
  readonly code: string;
  readonly message: RegExp;
}

function referenceWith(search: string, replacement: string): string {
  assert.ok(REFERENCE.includes(search), search);
  return REFERENCE.replace(search, replacement);
}

const fiftyMegabytes = () => {
  const padding = 50 * MB - REFERENCE.length - 4;
  return `${REFERENCE}\n/*${' '.repeat(padding - 1)}*/`;
};
const hundredThousandRanges = () =>
  referenceWith(
    '"remoteIPRanges": ["192.168.5.10", "192.168.5.20"]',
    `"remoteIPRanges": [${Array.from({ length: 100_000 }, (_, i) => `"10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}"`).join(', ')}]`,
  );
const megabyteName = () => referenceWith('"From Internet"', `"${'x'.repeat(MB)}"`);
const binary = () => {
  const random = new Random(FUZZ_SEED);
  return Buffer.from(Array.from({ length: 64 * 1024 }, () => random.int(256)));
};

const INPUTS: readonly ExtremeInput[] = [
  {
    name: 'empty file',
    bytes: () => Buffer.alloc(0),
    text: () => '',
    code: 'json-syntax',
    message: /The file is empty/,
  },
  {
    name: 'byte order mark only',
    bytes: () => Buffer.from([0xef, 0xbb, 0xbf]),
    text: () => '\uFEFF',
    code: 'json-syntax',
    message: /The file is empty/,
  },
  {
    name: 'invalid UTF-8',
    bytes: () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    // An editor decodes the bad bytes to U+FFFD; lone surrogates get through JSON-RPC too.
    text: () => '{"\uFFFD\uFFFD\uD800": 1, "\uDC00": [\uFFFD]}',
    code: 'json-syntax',
    message: /not UTF-8 text \(invalid byte sequence at byte 2\)|Unexpected character/,
  },
  {
    name: 'binary data (64 KB of random bytes)',
    bytes: binary,
    text: () => binary().toString('latin1'),
    code: 'json-syntax',
    message: /not UTF-8 text|binary data, not a topology|Unexpected character|Expected/,
  },
  {
    name: 'a 50 MB file',
    bytes: () => Buffer.from(fiftyMegabytes(), 'utf8'),
    text: fiftyMegabytes,
    code: 'file-too-large',
    message:
      /File too large to analyse: 52428800 characters, limit 5242880 \((option --max-file-size|setting edgeflow\.maxFileSize)\)\./,
  },
  {
    name: '100,000-deep nesting',
    bytes: () => Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)),
    text: () => '['.repeat(100_000) + ']'.repeat(100_000),
    code: 'json-syntax',
    message: /Nesting deeper than 200 levels/,
  },
  {
    name: 'a 100,000-element array',
    bytes: () => Buffer.from(hundredThousandRanges()),
    text: hundredThousandRanges,
    code: 'json-syntax',
    message: /More than 10000 items in one list: this is not a topology/,
  },
  {
    name: 'a 1 MB string (a receive connector name)',
    bytes: () => Buffer.from(megabyteName()),
    text: megabyteName,
    code: 'receive-name',
    message: /characters left out.*at most 64/s,
  },
];

interface Measured {
  readonly ms: number;
  readonly rssMb: number;
}

const figures: string[] = [];

function readUsage(file: string): Usage {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Usage;
}

/** Runs the real CLI with the usage reporter preloaded. */
function runCli(cwd: string, args: string[]) {
  const usageFile = path.join(cwd, `usage-${Date.now()}-${Math.random()}.json`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--require', PRELOAD, path.join(REPO_ROOT, 'bin', 'edgeflow.js'), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, EDGEFLOW_USAGE_FILE: usageFile },
      timeout: TIME_LIMIT_MS * 2,
      maxBuffer: 64 * MB,
    },
  );
  const ms = Date.now() - started;
  if (result.error) throw result.error;
  const usage = readUsage(usageFile);
  return { ...result, measured: { ms, rssMb: usage.maxRssKb / 1024 } };
}

function assertBounded(what: string, measured: Measured): void {
  figures.push(`${what}: ${measured.ms} ms, peak RSS ${measured.rssMb.toFixed(0)} MB`);
  assert.ok(measured.rssMb < RSS_LIMIT_MB, `${what} used ${measured.rssMb.toFixed(0)} MB`);
}

describe('extreme inputs', function () {
  this.timeout(300_000);

  after(() => {
    // The figures of the run, for the record (README and reports quote them).
    console.log(`      ${figures.join('\n      ')}`);
  });

  describe('through the CLI (edgeflow check --format json)', () => {
    const dir = temporaryDirectory();

    for (const input of INPUTS) {
      it(`${input.name}: one clear ${input.code} error, exit code 1`, () => {
        const file = path.join(dir, `${input.name.replace(/[^a-z0-9]+/gi, '-')}.edgeflow.json`);
        fs.writeFileSync(file, input.bytes());
        const run = runCli(dir, ['check', path.basename(file), '--format', 'json']);
        assert.equal(run.status, 1, run.stderr);
        assert.equal(run.stderr, '');
        const report = JSON.parse(run.stdout) as {
          files: { diagnostics: { code: string; severity: string; message: string }[] }[];
        };
        const diagnostics = report.files[0]?.diagnostics ?? [];
        const found = diagnostics.find((d) => d.code === input.code && d.severity === 'error');
        assert.ok(found, JSON.stringify(diagnostics).slice(0, 2000));
        assert.match(found.message, input.message);
        assert.ok(run.stdout.length < 64 * 1024, `output of ${run.stdout.length} characters`);
        assertBounded(`CLI check, ${input.name}`, run.measured);
      });
    }

    it('a 50 MB file with the limit raised (--max-file-size) is analysed, still in bounded time and memory', () => {
      const file = path.join(dir, 'raised.edgeflow.json');
      fs.writeFileSync(file, fiftyMegabytes());
      const run = runCli(dir, [
        'check',
        'raised.edgeflow.json',
        '--max-file-size',
        String(60 * MB),
      ]);
      // The reference under the padding: only its information remains.
      assert.equal(run.status, 0, run.stderr + run.stdout);
      assert.match(run.stdout, /information self-signed-certificate/);
      assertBounded('CLI check, a 50 MB file with --max-file-size 62914560', run.measured);
    });

    it('generate refuses the 50 MB file with the same error and writes nothing', () => {
      const sub = fs.mkdtempSync(path.join(dir, 'generate-'));
      fs.writeFileSync(path.join(sub, 'big.edgeflow.json'), fiftyMegabytes());
      const run = runCli(sub, ['generate', 'big.edgeflow.json']);
      assert.equal(run.status, 1);
      assert.match(
        run.stderr,
        /error file-too-large: File too large to analyse: 52428800 characters/,
      );
      assert.match(run.stderr, /nothing generated/);
      assert.deepEqual(
        fs.readdirSync(sub).filter((f) => f.endsWith('.ps1')),
        [],
      );
      assertBounded('CLI generate, a 50 MB file', run.measured);
    });

    it('rejects a --max-file-size that is no positive number', () => {
      const run = runCli(dir, ['check', '.', '--max-file-size', 'huge']);
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /--max-file-size expects a positive number of characters, not 'huge'/,
      );
    });
  });

  describe('through the language server', () => {
    const uri = (name: string) =>
      `file:///extreme/${name.replace(/[^a-z0-9]+/gi, '-')}.edgeflow.json`;

    /** Starts a server with the usage reporter preloaded; returns it and where it reports. */
    async function startMeasured(): Promise<{ client: LspClient; usageFile: string }> {
      const usageFile = path.join(temporaryDirectory(), 'usage.json');
      // The client spawns the server with this process's environment.
      const saved = { ...process.env };
      process.env.NODE_OPTIONS = `--require ${JSON.stringify(PRELOAD)}`;
      process.env.EDGEFLOW_USAGE_FILE = usageFile;
      try {
        return { client: await LspClient.start(), usageFile };
      } finally {
        process.env = saved;
      }
    }

    /** Every feature request at a few positions: each must be answered, none may fail in the server. */
    async function requestEverything(client: LspClient, target: string): Promise<number> {
      let slowest = 0;
      const textDocument = { uri: target };
      const positions = [
        { line: 0, character: 0 },
        { line: 0, character: 5 },
        { line: 3, character: 2 },
        { line: 1_000_000, character: 7 },
      ];
      const requests: [string, unknown][] = [
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/foldingRange', { textDocument }],
        ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
        [
          'textDocument/codeAction',
          {
            textDocument,
            range: { start: positions[0], end: positions[3] },
            context: { diagnostics: [] },
          },
        ],
      ];
      for (const position of positions) {
        requests.push(
          ['textDocument/completion', { textDocument, position }],
          ['textDocument/hover', { textDocument, position }],
          ['textDocument/definition', { textDocument, position }],
          [
            'textDocument/references',
            { textDocument, position, context: { includeDeclaration: true } },
          ],
          ['textDocument/prepareRename', { textDocument, position }],
        );
      }
      for (const [method, params] of requests) {
        const started = Date.now();
        await client.request(method, params, TIME_LIMIT_MS);
        slowest = Math.max(slowest, Date.now() - started);
      }
      return slowest;
    }

    for (const input of INPUTS) {
      it(`${input.name}: one clear ${input.code} error, every request answered`, async () => {
        const { client, usageFile } = await startMeasured();
        let measured: Measured;
        let slowest: number;
        try {
          const target = uri(input.name);
          const started = Date.now();
          await client.open(target, input.text());
          const published: PublishDiagnosticsParams = await client.waitFor(
            `diagnostics of ${input.name}`,
            () => client.diagnostics.get(target)?.[0],
            TIME_LIMIT_MS,
          );
          const ms = Date.now() - started;
          const found = published.diagnostics.find((d: Diagnostic) => d.code === input.code);
          assert.ok(found, JSON.stringify(published.diagnostics).slice(0, 2000));
          assert.equal(found.severity, 1, 'an error');
          assert.match(found.message, input.message);
          slowest = await requestEverything(client, target);
          assert.deepEqual(client.loggedFailures(), [], 'no handler failed');
          await client.stop();
          measured = { ms, rssMb: readUsage(usageFile).maxRssKb / 1024 };
        } finally {
          client.kill();
        }
        assertBounded(`server, ${input.name} (slowest request ${slowest} ms)`, measured);
      });
    }

    it('answers a code action on a document with thousands of fixable findings in bounded time', async () => {
      // 2,000 Edge servers without connectors: thousands of missing-connector
      // findings, each fix a rewrite of a 270 KB text. The light bulb asks
      // for code actions without `only`, which includes "fix all".
      const edges = Array.from(
        { length: 2000 },
        (_, i) =>
          `{"name":"E${i}","role":"Edge","fqdn":"e${i}.contoso.net","adapters":[{"name":"X","network":"internet","ipAddresses":["10.2.${(i >> 8) & 255}.${i & 255}"]}]}`,
      );
      const text = referenceWith('"servers": [', `"servers": [${edges.join(',')},`);
      const { client, usageFile } = await startMeasured();
      let measured: Measured;
      try {
        const target = uri('many-findings');
        await client.open(target, text);
        await client.waitForDiagnostics(target, 1);
        const started = Date.now();
        await client.request(
          'textDocument/codeAction',
          {
            textDocument: { uri: target },
            range: { start: { line: 12, character: 0 }, end: { line: 12, character: 5 } },
            context: { diagnostics: [] },
          },
          TIME_LIMIT_MS,
        );
        const ms = Date.now() - started;
        assert.deepEqual(client.loggedFailures(), []);
        await client.stop();
        measured = { ms, rssMb: readUsage(usageFile).maxRssKb / 1024 };
      } finally {
        client.kill();
      }
      assertBounded('server, code actions with "fix all" on 2,000 Edge servers', measured);
    });
  });
});
