import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConfigLoader,
  MAX_CONFIG_SIZE,
  readProjectConfig,
} from '../../../server/src/config/loadConfig';

/** Finding and reading edgeflow.config.json on disk. */

describe('edgeflow.config.json: finding and reading', () => {
  let dir: string;
  const write = (relative: string, content: string | Uint8Array) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the nearest config: the topology folder's, else the nearest ancestor's", () => {
    const top = write('edgeflow.config.json', '{ "rules": { "schema": "off" } }');
    const site = write('sites/a/edgeflow.config.json', '{ "rules": { "schema": "hint" } }');
    fs.mkdirSync(path.join(dir, 'sites', 'b', 'deep'), { recursive: true });
    const loader = new ConfigLoader();
    assert.equal(loader.forFile(path.join(dir, 'sites', 'a', 'x.edgeflow.json'))?.file, site);
    assert.equal(
      loader.forFile(path.join(dir, 'sites', 'a', 'sub', 'y.edgeflow.json'))?.file,
      site,
    );
    assert.equal(
      loader.forFile(path.join(dir, 'sites', 'b', 'deep', 'z.edgeflow.json'))?.file,
      top,
    );
    assert.deepEqual(loader.forFolder(path.join(dir, 'sites'))?.rules, { schema: 'off' });
  });

  it('finds none up to the root of the file system when there is none', () => {
    // (Holds as long as no folder above the temporary folder has an edgeflow.config.json.)
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    assert.equal(new ConfigLoader().forFolder(path.join(dir, 'a', 'b')), undefined);
  });

  it("takes the nearest config even when it is broken, never an ancestor's instead", () => {
    write('edgeflow.config.json', '{ "rules": { "schema": "off" } }');
    const broken = write('site/edgeflow.config.json', '{ "rules": ');
    const config = new ConfigLoader().forFile(path.join(dir, 'site', 'x.edgeflow.json'));
    assert.equal(config?.file, broken);
    assert.equal(config?.usable, false);
    assert.deepEqual(config?.rules, {});
    assert.match(config?.problems[0] ?? '', /^is not valid JSON: line 1, column 12: /);
  });

  it('reports a config it cannot read, never throwing', () => {
    fs.mkdirSync(path.join(dir, 'edgeflow.config.json'));
    const folder = new ConfigLoader().forFolder(dir);
    assert.deepEqual(folder?.problems, ['cannot be read: it is a directory']);
    assert.equal(folder?.usable, false);

    const missing = readProjectConfig(path.join(dir, 'gone', 'edgeflow.config.json'));
    assert.deepEqual(missing.problems, ['cannot be read: no such file or directory']);
  });

  it('reports a dangling link named edgeflow.config.json rather than looking past it', () => {
    fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'edgeflow.config.json'));
    assert.deepEqual(new ConfigLoader().forFolder(dir)?.problems, [
      'cannot be read: no such file or directory',
    ]);
  });

  it('reports a file that is not UTF-8 text, and one too large to be a config', () => {
    const binary = write('a/edgeflow.config.json', Uint8Array.from([0x7b, 0xff, 0x7d]));
    assert.deepEqual(readProjectConfig(binary).problems, ['is not UTF-8 text']);
    const large = write('b/edgeflow.config.json', `{}${' '.repeat(MAX_CONFIG_SIZE)}`);
    assert.match(
      readProjectConfig(large).problems[0] ?? '',
      /^is \d+ bytes, more than 1048576: not read$/,
    );
  });

  it('drops a byte-order mark', () => {
    const file = write('edgeflow.config.json', '\uFEFF{ "rules": { "schema": "off" } }');
    assert.deepEqual(readProjectConfig(file).problems, []);
  });

  it('reads each file once until cleared', () => {
    const file = write('edgeflow.config.json', '{ "rules": { "schema": "off" } }');
    const loader = new ConfigLoader();
    const first = loader.forFolder(path.join(dir, 'a'));
    assert.equal(loader.forFolder(path.join(dir, 'b')), first, 'one read for both folders');
    fs.writeFileSync(file, '{ "rules": { "schema": "hint" } }');
    assert.equal(loader.forFolder(path.join(dir, 'a')), first, 'cached');
    loader.clear();
    assert.deepEqual(loader.forFolder(path.join(dir, 'a'))?.rules, { schema: 'hint' });
    fs.rmSync(file);
    loader.clear();
    assert.equal(loader.forFolder(path.join(dir, 'a')), undefined);
  });
});
