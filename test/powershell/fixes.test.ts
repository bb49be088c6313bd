import * as assert from 'node:assert/strict';
import { readRepoFile } from '../support/repo';
import { requirePwsh, runScenario } from './support/pwsh';
import {
  checksOf,
  configureSteps,
  describe as describeStep,
  generateInto,
  verifySteps,
} from './support/scenario';

/**
 * What running the scripts showed, each configured and verified end to end:
 * source servers given by FQDN, a send connector switched from smart hosts to
 * DNS routing, IPv6 bindings spelled differently from how Windows prints them.
 */
const contoso = () => readRepoFile('examples', 'contoso.edgeflow.json');

async function configureAndVerify(text: string, baseName: string): Promise<void> {
  const generated = generateInto(text, baseName);
  const steps = [...configureSteps(generated, 'configure'), ...verifySteps(generated, 'verify')];
  const results = await runScenario(generated.world, steps, generated.directory);
  for (const result of results) assert.equal(result.exitCode, 0, describeStep(result));
  for (const result of results.filter((r) => r.name.startsWith('verify')))
    assert.deepEqual(
      checksOf(result).filter((c) => c.status === 'FAIL'),
      [],
      result.name,
    );
}

describe('PowerShell: what running the scripts showed', function () {
  before(function () {
    requirePwsh(this);
  });

  it('source transport servers given by FQDN verify against the names Exchange reads back', async () => {
    const text = contoso().replace(
      '"sourceTransportServers": ["MBX01", "MBX02"]',
      '"sourceTransportServers": ["mbxserver01.contoso.com", "MBX02"]',
    );
    assert.notEqual(text, contoso());
    await configureAndVerify(text, 'contoso');
  });

  it('IPv6 bindings verify whatever their spelling', async () => {
    await configureAndVerify(
      readRepoFile(
        'test',
        'fixtures',
        'rules',
        'binding-syntax',
        'good-ipv6-in-brackets.edgeflow.json',
      ),
      'ipv6',
    );
  });

  it('a send connector switched from smart hosts to DNS routing loses its smart hosts', async () => {
    const before = contoso().replace(
      '"addressSpaces": ["*"],\n      "dnsRoutingEnabled": true',
      '"addressSpaces": ["*"],\n      "dnsRoutingEnabled": false,\n      "smartHosts": ["relay.contoso.net"]',
    );
    assert.notEqual(before, contoso());
    const first = generateInto(before, 'contoso');
    const second = generateInto(contoso(), 'contoso');
    const edge = (g: typeof first) =>
      configureSteps(g, 'configure').filter((s) => s.role === 'Edge');
    const steps = [
      ...edge(first).map((s) => ({ ...s, name: `smart host: ${s.name}` })),
      ...edge(second).map((s) => ({ ...s, name: `dns: ${s.name}` })),
      ...verifySteps(second, 'verify').filter((s) => s.role === 'Edge'),
    ];
    const results = await runScenario(second.world, steps, second.directory);
    for (const result of results) assert.equal(result.exitCode, 0, describeStep(result));
    const verify = results[results.length - 1];
    assert.ok(verify);
    assert.deepEqual(
      checksOf(verify).filter((c) => c.status === 'FAIL'),
      [],
      describeStep(verify),
    );
  });
});
