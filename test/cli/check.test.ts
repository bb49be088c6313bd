import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { edgeflow, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

interface JsonReport {
  files: {
    path: string;
    diagnostics: {
      code: string;
      severity: string;
      message: string;
      range: {
        start: { line: number; character: number };
        end: { line: number; character: number };
      };
    }[];
  }[];
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; informationUri: string; rules: { id: string }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

const SYNTAX_ERROR_LINE = /^.+:\d+:\d+: error json-syntax: /m;

/**
 * A colon is missing on line 3 (0-based 2). The comment before it holds an
 * emoji: two UTF-16 code units but four bytes, so a byte-based column would differ.
 */
const BROKEN = '{\n  "version": 1,\n  /* 😀 */ "organization" {}\n}\n';
const BROKEN_CHARACTER = '  /* 😀 */ "organization" {}'.indexOf('{');

describe('edgeflow check', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('text output', () => {
    it('passes the reference topology with no error or warning line', () => {
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'check', 'contoso.edgeflow.json');
      assert.equal(run.status, 0, run.stderr);
      // The reference may get information (the self-signed certificate), never more.
      for (const line of run.stdout.split('\n').filter((l) => l !== '')) {
        assert.match(line, /^contoso\.edgeflow\.json:\d+:\d+: (information|hint) /);
      }
      assert.match(run.stderr, /^(no problems|\d+ information) in 1 file\n$/);
    });

    it('reports a syntax error like a compiler, with 1-based UTF-16 columns, and exits 1', () => {
      write(dir, 'broken.edgeflow.json', BROKEN);
      const run = edgeflow(dir, 'check', 'broken.edgeflow.json');
      assert.equal(run.status, 1);
      assert.match(run.stdout, SYNTAX_ERROR_LINE);
      assert.ok(
        run.stdout.includes(`broken.edgeflow.json:3:${BROKEN_CHARACTER + 1}: error json-syntax: `),
        run.stdout,
      );
      assert.match(run.stderr, /^\d+ errors? in 1 file\n$/);
    });

    it('never colours output that is not a terminal', () => {
      write(dir, 'broken.edgeflow.json', BROKEN);
      const run = edgeflow(dir, 'check');
      assert.ok(!run.stdout.includes('\x1b['), run.stdout);
    });

    it('counts every file in the summary, clean ones included', () => {
      write(dir, 'a.edgeflow.json', REFERENCE);
      write(dir, 'b.edgeflow.json', BROKEN);
      const run = edgeflow(dir, 'check');
      assert.equal(run.status, 1);
      assert.match(run.stderr, /^\d+ errors?.* in 2 files\n$/);
    });
  });

  describe('--format json', () => {
    it('prints the SPEC §5 shape with 0-based LSP positions', () => {
      write(dir, 'broken.edgeflow.json', BROKEN);
      write(dir, 'clean.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'check', '--format', 'json');
      assert.equal(run.status, 1);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(Object.keys(report), ['files']);
      assert.deepEqual(
        report.files.map((f) => f.path),
        ['broken.edgeflow.json', 'clean.edgeflow.json'],
      );
      for (const file of report.files) {
        assert.deepEqual(Object.keys(file), ['path', 'diagnostics']);
        for (const d of file.diagnostics) {
          assert.deepEqual(Object.keys(d), ['code', 'severity', 'message', 'range']);
          assert.deepEqual(Object.keys(d.range.start), ['line', 'character']);
          assert.deepEqual(Object.keys(d.range.end), ['line', 'character']);
          assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
        }
      }
      const syntax = report.files[0]?.diagnostics.find((d) => d.code === 'json-syntax');
      assert.ok(syntax, run.stdout);
      assert.equal(syntax.severity, 'error');
      assert.deepEqual(syntax.range.start, { line: 2, character: BROKEN_CHARACTER });
      // The clean file is listed too, with nothing worse than information.
      const clean = report.files[1]?.diagnostics ?? [];
      assert.deepEqual(
        clean.filter((d) => d.severity === 'error' || d.severity === 'warning'),
        [],
      );
      assert.equal(run.stderr, '');
    });

    it('reports an unknown property as a schema warning, which alone exits 0', () => {
      const text = REFERENCE.replace('{', '{\n  "colour": "blue",');
      write(dir, 'extra.edgeflow.json', text);
      const run = edgeflow(dir, 'check', '--format', 'json');
      assert.equal(run.status, 0, run.stdout);
      const diagnostics = (JSON.parse(run.stdout) as JsonReport).files[0]?.diagnostics ?? [];
      assert.ok(
        diagnostics.some((d) => d.code === 'schema' && d.severity === 'warning'),
        run.stdout,
      );
    });
  });

  describe('--format sarif', () => {
    it('prints a SARIF 2.1.0 log with rules and 1-based regions', () => {
      write(dir, path.join('sub', 'broken.edgeflow.json'), BROKEN);
      const run = edgeflow(dir, 'check', '--format', 'sarif');
      assert.equal(run.status, 1);
      const log = JSON.parse(run.stdout) as SarifLog;
      assert.equal(log.version, '2.1.0');
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.runs.length, 1);
      const run0 = log.runs[0];
      assert.ok(run0);
      const { driver } = run0.tool;
      assert.equal(driver.name, 'EdgeFlow');
      assert.match(driver.version, /^\d+\.\d+\.\d+/);
      assert.match(driver.informationUri, /^https:\/\//);
      const ids = driver.rules.map((r) => r.id);
      assert.ok(ids.includes('json-syntax'), ids.join());
      const result = run0.results.find((r) => r.ruleId === 'json-syntax');
      assert.ok(result, run.stdout);
      assert.equal(result.level, 'error');
      assert.equal(driver.rules[result.ruleIndex]?.id, 'json-syntax');
      const location = result.locations[0]?.physicalLocation;
      assert.deepEqual(location?.artifactLocation, {
        uri: 'sub/broken.edgeflow.json',
        uriBaseId: '%SRCROOT%',
      });
      assert.equal(location.region.startLine, 3);
      assert.equal(location.region.startColumn, BROKEN_CHARACTER + 1);
    });
  });

  describe('paths', () => {
    it('searches directories recursively, skipping node_modules, dot-directories and other names', () => {
      write(dir, path.join('sites', 'a', 'b', 'deep.edgeflow.json'), REFERENCE);
      write(dir, path.join('sites', 'top.edgeflow.json'), REFERENCE);
      write(dir, path.join('sites', 'node_modules', 'pkg', 'x.edgeflow.json'), '{');
      write(dir, path.join('sites', '.git', 'x.edgeflow.json'), '{');
      write(dir, path.join('sites', 'other.json'), '{');
      const run = edgeflow(dir, 'check', 'sites', '--format', 'json');
      assert.equal(run.status, 0, run.stdout);
      assert.deepEqual(
        (JSON.parse(run.stdout) as JsonReport).files.map((f) => f.path),
        [
          path.join('sites', 'a', 'b', 'deep.edgeflow.json'),
          path.join('sites', 'top.edgeflow.json'),
        ],
      );
    });

    it('checks the current directory when no path is given', () => {
      write(dir, path.join('x', 'one.edgeflow.json'), REFERENCE);
      const run = edgeflow(dir, 'check', '--format', 'json');
      assert.equal(run.status, 0);
      assert.deepEqual(
        (JSON.parse(run.stdout) as JsonReport).files.map((f) => f.path),
        [path.join('x', 'one.edgeflow.json')],
      );
    });

    it('expands globs, deduplicates and sorts', () => {
      write(dir, path.join('b', 'two.edgeflow.json'), REFERENCE);
      write(dir, path.join('a', 'one.edgeflow.json'), REFERENCE);
      write(dir, path.join('a', 'one.json'), '{');
      const run = edgeflow(
        dir,
        'check',
        '**/*.json',
        path.join('a', 'one.edgeflow.json'),
        'a',
        '--format',
        'json',
      );
      assert.equal(run.status, 0, run.stdout);
      assert.deepEqual(
        (JSON.parse(run.stdout) as JsonReport).files.map((f) => f.path),
        [path.join('a', 'one.edgeflow.json'), path.join('b', 'two.edgeflow.json')],
      );
    });

    it('checks an explicitly named file whatever its name', () => {
      write(dir, 'plain.json', '{');
      const run = edgeflow(dir, 'check', 'plain.json');
      assert.equal(run.status, 1);
      assert.match(run.stdout, SYNTAX_ERROR_LINE);
    });

    it('exits 2 naming a missing path, after checking the others (SPEC §6)', () => {
      write(dir, 'broken.edgeflow.json', BROKEN);
      const run = edgeflow(dir, 'check', 'broken.edgeflow.json', 'missing.edgeflow.json');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^edgeflow: missing\.edgeflow\.json: no such file or directory$/m);
      assert.match(run.stdout, SYNTAX_ERROR_LINE);
    });

    it('exits 2 for a glob or a directory that holds no topology file', () => {
      write(dir, path.join('empty', 'readme.txt'), 'nothing here');
      const glob = edgeflow(dir, 'check', 'nothing/**/*.edgeflow.json');
      assert.equal(glob.status, 2);
      assert.match(glob.stderr, /nothing\/\*\*\/\*\.edgeflow\.json/);
      const directory = edgeflow(dir, 'check', 'empty');
      assert.equal(directory.status, 2);
      assert.match(directory.stderr, /empty/);
      const cwd = edgeflow(path.join(dir, 'empty'), 'check');
      assert.equal(cwd.status, 2);
    });
  });

  describe('usage problems exit 2', () => {
    it('an unknown option', () => {
      const run = edgeflow(dir, 'check', '--bogus');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--bogus/);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
    });

    it('a bad --format', () => {
      const run = edgeflow(dir, 'check', '--format', 'xml');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--format/);
    });

    it('an unknown rule, a malformed --rule, and turning an error off', () => {
      for (const setting of ['nope=off', 'json-syntax', 'json-syntax=off']) {
        const run = edgeflow(dir, 'check', '--rule', setting);
        assert.equal(run.status, 2, setting);
        assert.match(run.stderr, /--rule/, setting);
      }
    });

    it('an unknown command, or none', () => {
      assert.equal(edgeflow(dir, 'frobnicate').status, 2);
      assert.equal(edgeflow(dir).status, 2);
    });
  });

  describe('files that are not topologies', () => {
    const cases: [string, string | Uint8Array][] = [
      ['an empty file', ''],
      ['NUL bytes', Buffer.alloc(64)],
      ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
      ['a truncated UTF-8 sequence', Buffer.from([0x7b, 0x22, 0xe2, 0x82])],
      ['the reference cut in half', REFERENCE.slice(0, Math.floor(REFERENCE.length / 2))],
      ['binary noise', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256))],
    ];
    for (const [name, content] of cases) {
      it(`${name}: a json-syntax error, exit 1, no stack trace`, () => {
        write(dir, 'bad.edgeflow.json', content);
        const run = edgeflow(dir, 'check', 'bad.edgeflow.json');
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, SYNTAX_ERROR_LINE);
        assert.doesNotMatch(run.stdout + run.stderr, STACK_FRAME);
      });
    }

    it('names the first invalid byte of a file that is not UTF-8, at line 1 column 1', () => {
      write(dir, 'bad.edgeflow.json', Buffer.from([0x7b, 0x0a, 0xc3, 0xa9, 0xff, 0x7d]));
      const run = edgeflow(dir, 'check', '--format', 'json');
      const [diagnostic] = (JSON.parse(run.stdout) as JsonReport).files[0]?.diagnostics ?? [];
      assert.equal(diagnostic?.code, 'json-syntax');
      assert.match(diagnostic.message, /\b4\b/);
      assert.deepEqual(diagnostic.range.start, { line: 0, character: 0 });
    });

    it('accepts a UTF-8 byte order mark', () => {
      write(dir, 'bom.edgeflow.json', `\uFEFF${REFERENCE}`);
      assert.equal(edgeflow(dir, 'check').status, 0);
    });
  });
});

describe('edgeflow (no command)', () => {
  it('--help lists the commands, options and exit codes', () => {
    for (const flag of ['--help', '-h']) {
      const run = edgeflow(process.cwd(), flag);
      assert.equal(run.status, 0);
      for (const word of [
        'check',
        'init',
        '--format',
        '--rule',
        '--force',
        'Exit codes',
        'Example',
      ]) {
        assert.ok(run.stdout.includes(word), word);
      }
    }
  });

  it('--version prints the package version', () => {
    const run = edgeflow(process.cwd(), '--version');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\S*\n$/);
  });
});
