import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RULES } from '../../../server/src/core';
import { assertEveryFixRepairs, assertExpectations, expectationsOf } from '../../support/fixtures';
import { repoPath } from '../../support/repo';

const FIXTURES = repoPath('test', 'fixtures', 'rules');

describe('the rule registry', () => {
  it('lists every rule once, sorted by code', () => {
    const codes = RULES.map((r) => r.code);
    assert.deepEqual(codes, [...new Set(codes)].sort());
  });

  it('has one file per rule, named by its code, and nothing else', () => {
    const files = fs
      .readdirSync(repoPath('server', 'src', 'core', 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'rule.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual(
      files,
      RULES.map((r) => r.code),
    );
  });

  for (const rule of RULES) {
    describe(rule.code, () => {
      it('is documented: kebab-case code, one-sentence summary, description, bad and good examples, sources', () => {
        assert.match(rule.code, /^[a-z]+(-[a-z0-9]+)*$/);
        assert.match(rule.summary, /^[A-Z`'].*\.$/);
        assert.ok(!rule.summary.slice(0, -1).includes('. '), 'the summary is one sentence');
        assert.ok(rule.description.length > 40, 'description');
        assert.ok(
          rule.bad.trim() && rule.good.trim() && rule.bad !== rule.good,
          'bad and good examples',
        );
        assert.ok(rule.sources.trim(), 'sources');
      });

      it('has its own unit test file', () => {
        assert.ok(fs.existsSync(repoPath('test', 'unit', 'rules', `${rule.code}.test.ts`)));
      });

      const dir = `${FIXTURES}/${rule.code}`;
      const files = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.edgeflow.json'))
            .sort()
        : [];

      it('has at least one failing and one passing fixture', () => {
        const bad = files.filter((f) => f.startsWith('bad'));
        const good = files.filter((f) => f.startsWith('good'));
        assert.ok(bad.length > 0, `no ${dir}/bad*.edgeflow.json`);
        assert.ok(good.length > 0, `no ${dir}/good*.edgeflow.json`);
      });

      for (const file of files) {
        const text = fs.readFileSync(`${dir}/${file}`, 'utf8');
        it(`${file}: reports exactly what it expects`, () => {
          const expectations = expectationsOf(text);
          if (file.startsWith('bad')) {
            assert.ok(
              expectations.some((e) => e.code === rule.code),
              `a bad fixture expects at least one '${rule.code}'`,
            );
          } else {
            assert.ok(
              !expectations.some((e) => e.code === rule.code),
              `a good fixture must not expect '${rule.code}'`,
            );
          }
          assertExpectations(text);
        });
        it(`${file}: every fix offered repairs without breaking anything`, () => {
          assertEveryFixRepairs(text);
        });
      }
    });
  }
});
