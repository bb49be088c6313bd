import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoPath } from '../support/repo';

/**
 * scripts/ensure-pwsh.mjs when neither pwsh nor dotnet is on PATH: outside CI
 * it records that there is none and warns that the PowerShell suite will be
 * skipped; with CI=true it fails, saying what to install. A PowerShell named
 * by EDGEFLOW_PWSH that does not exist fails too. Run with an empty PATH and a
 * cache folder of its own, so the real cache is left alone.
 */
function ensure(env: Record<string, string>): {
  status: number | null;
  output: string;
  cache: string;
} {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'edgeflow-pwsh-cache-'));
  const base: Record<string, string> = {
    PATH: '/nonexistent',
    HOME: os.tmpdir(),
    EDGEFLOW_PWSH_CACHE: cache,
  };
  const result = spawnSync(process.execPath, [repoPath('scripts', 'ensure-pwsh.mjs')], {
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, cache };
}

describe('scripts/ensure-pwsh.mjs', () => {
  it('outside CI, without PowerShell or dotnet: records none and warns that the suite is skipped', () => {
    const { status, output, cache } = ensure({});
    assert.equal(status, 0, output);
    assert.match(output, /WARNING: the PowerShell suite will be SKIPPED/);
    assert.match(output, /\.NET SDK/);
    const recorded = JSON.parse(fs.readFileSync(path.join(cache, 'pwsh.json'), 'utf8')) as {
      available: boolean;
    };
    assert.equal(recorded.available, false);
  });

  it('with CI=true, without PowerShell or dotnet: fails and says what to install', () => {
    const { status, output, cache } = ensure({ CI: 'true' });
    assert.equal(status, 1, output);
    assert.match(output, /never skipped in CI/);
    assert.match(
      output,
      /dotnet tool install --tool-path \.pwsh-cache\/tool PowerShell --version 7\.6\.10/,
    );
    assert.equal(fs.existsSync(path.join(cache, 'pwsh.json')), false);
  });

  it('fails when EDGEFLOW_PWSH names no PowerShell', () => {
    const { status, output } = ensure({ EDGEFLOW_PWSH: '/nonexistent/pwsh' });
    assert.equal(status, 1, output);
    assert.match(output, /EDGEFLOW_PWSH=\/nonexistent\/pwsh does not start as PowerShell 7/);
  });
});
