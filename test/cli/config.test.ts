import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { edgeflow, REFERENCE, STACK_FRAME, temporaryDirectory, write } from './run';

/**
 * edgeflow.config.json in the real CLI: the nearest one per topology, under
 * `--rule` and `--out-dir`, and a broken one reported by its path, exit 2.
 * The reference topology gets exactly one finding, the self-signed-certificate
 * information, which the configs below turn off or up.
 */

const INFORMATION = /contoso\.edgeflow\.json:\d+:\d+: information self-signed-certificate: /;
const CONFIG = 'edgeflow.config.json';
const SCRIPTS = [
  'contoso.EDGE01.edge.ps1',
  'contoso.EDGE01.verify.ps1',
  'contoso.mailbox.ps1',
  'contoso.mailbox.verify.ps1',
];

describe('edgeflow.config.json in the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDirectory();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('check', () => {
    it('applies the rules of the config beside the topology', () => {
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      assert.match(edgeflow(dir, 'check').stdout, INFORMATION);
      write(dir, CONFIG, '{\n  // lab\n  "rules": { "self-signed-certificate": "off" },\n}\n');
      const run = edgeflow(dir, 'check');
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'no problems in 1 file\n');
    });

    it("gives each file its nearest config: its folder's, else an ancestor's", () => {
      write(dir, CONFIG, '{ "rules": { "self-signed-certificate": "warning" } }');
      write(dir, 'sites/lab/' + CONFIG, '{ "rules": { "self-signed-certificate": "off" } }');
      write(dir, 'sites/lab/contoso.edgeflow.json', REFERENCE);
      write(dir, 'sites/prod/contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'check', 'sites', '--format', 'json');
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as {
        files: { path: string; diagnostics: { code: string; severity: string }[] }[];
      };
      assert.deepEqual(
        report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.code}:${d.severity}`)]),
        [
          [path.join('sites', 'lab', 'contoso.edgeflow.json'), []],
          [
            path.join('sites', 'prod', 'contoso.edgeflow.json'),
            ['self-signed-certificate:warning'],
          ],
        ],
      );
    });

    it('lets --rule override the config for the same code', () => {
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      write(dir, CONFIG, '{ "rules": { "self-signed-certificate": "off" } }');
      const run = edgeflow(dir, 'check', '--rule', 'self-signed-certificate=error');
      assert.equal(run.status, 1);
      assert.match(run.stdout, /error self-signed-certificate: /);
    });

    it('reports an invalid config by its path, checks the other files and exits 2', () => {
      write(dir, 'good/contoso.edgeflow.json', REFERENCE);
      write(dir, 'bad/contoso.edgeflow.json', REFERENCE);
      write(dir, 'bad/' + CONFIG, '{ "rules": { "nope": "off", "open-relay": "off" } }');
      const run = edgeflow(dir, 'check');
      assert.equal(run.status, 2);
      const config = path.join('bad', CONFIG);
      assert.ok(
        run.stderr.includes(
          `edgeflow: ${path.join('bad', 'contoso.edgeflow.json')}: not checked: ${config}: "rules": unknown rule 'nope'; "rules": 'open-relay' reports errors, which cannot be turned down or off\n`,
        ),
        run.stderr,
      );
      assert.match(run.stdout, /^good[\\/]contoso\.edgeflow\.json:\d+:\d+: information /);
      assert.match(
        run.stderr,
        /^1 information in 2 files; 1 file not checked \(broken edgeflow\.config\.json\)\n$/m,
      );
      assert.doesNotMatch(run.stdout, /^bad/m);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
    });

    it('reports a malformed config with the line and column, in every format', () => {
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      write(dir, CONFIG, '{\n  "rules": {\n}\n');
      const text = edgeflow(dir, 'check');
      assert.equal(text.status, 2);
      assert.match(
        text.stderr,
        /^edgeflow: contoso\.edgeflow\.json: not checked: edgeflow\.config\.json: is not valid JSON: line 4, column 1: /m,
      );
      const json = edgeflow(dir, 'check', '--format', 'json');
      assert.equal(json.status, 2);
      const report = JSON.parse(json.stdout) as { files: { error?: string }[] };
      assert.match(
        report.files[0]?.error ?? '',
        /^not checked: edgeflow\.config\.json: is not valid JSON/,
      );
      const sarif = edgeflow(dir, 'check', '--format', 'sarif');
      assert.equal(sarif.status, 2);
      assert.match(sarif.stdout, /not checked: edgeflow\.config\.json: is not valid JSON/);
    });

    it('reports a config that cannot be read', () => {
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      fs.mkdirSync(path.join(dir, CONFIG));
      const run = edgeflow(dir, 'check');
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /not checked: edgeflow\.config\.json: cannot be read: it is a directory\n/,
      );
    });
  });

  describe('generate', () => {
    it("writes into the config's outputFolder, relative to the config's folder", () => {
      write(dir, CONFIG, '{ "outputFolder": "generated/scripts" }');
      write(dir, 'sites/contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(path.join(dir, 'sites'), 'generate', 'contoso.edgeflow.json');
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'generated', 'scripts')).sort(), SCRIPTS);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'sites')), ['contoso.edgeflow.json']);
    });

    it('lets --out-dir override outputFolder', () => {
      write(dir, CONFIG, '{ "outputFolder": "generated" }');
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'generate', 'contoso.edgeflow.json', '--out-dir', 'elsewhere');
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'elsewhere')).sort(), SCRIPTS);
      assert.equal(fs.existsSync(path.join(dir, 'generated')), false);
    });

    it("refuses while the config's rules make a finding an error, unless --rule says otherwise", () => {
      write(dir, CONFIG, '{ "rules": { "self-signed-certificate": "error" } }');
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const refused = edgeflow(dir, 'generate', 'contoso.edgeflow.json');
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /error self-signed-certificate: /);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['contoso.edgeflow.json', CONFIG]);
      const run = edgeflow(
        dir,
        'generate',
        'contoso.edgeflow.json',
        '--rule',
        'self-signed-certificate=information',
      );
      assert.equal(run.status, 0, run.stderr);
    });

    it('refuses a broken config by its path, writing nothing, exit 2', () => {
      write(dir, CONFIG, '{ "outputFolder": "../outside" }');
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'generate', 'contoso.edgeflow.json');
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr,
        `edgeflow: ${CONFIG}: "outputFolder": '../outside' leaves this file's folder; expected a folder relative to this file's folder, such as "generated"; nothing generated\n`,
      );
      assert.deepEqual(fs.readdirSync(dir).sort(), ['contoso.edgeflow.json', CONFIG]);
    });
  });

  describe('trace', () => {
    it("counts the errors by the config's rules", () => {
      write(dir, CONFIG, '{ "rules": { "self-signed-certificate": "error" } }');
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'trace', 'contoso.edgeflow.json');
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /contoso\.edgeflow\.json has 1 error \(run 'edgeflow check'\)/);
      const overridden = edgeflow(
        dir,
        'trace',
        'contoso.edgeflow.json',
        '--rule',
        'self-signed-certificate=off',
      );
      assert.doesNotMatch(overridden.stderr, /has 1 error/);
    });

    it('refuses a broken config by its path, exit 2', () => {
      write(dir, CONFIG, '{ "rules": { "schema": "loud" } }');
      write(dir, 'contoso.edgeflow.json', REFERENCE);
      const run = edgeflow(dir, 'trace', 'contoso.edgeflow.json');
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^edgeflow: edgeflow\.config\.json: "rules": 'schema': 'loud' is not one of /,
      );
    });
  });
});
