import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { analyze, applyEdits } from '../../../server/src/core';
import {
  declaredServersIn,
  restrictedToDeclared,
  withoutExternalAuthoritative,
} from '../../../server/src/core/flow/relay';
import { readRepoFile } from '../../support/repo';
import { withValue } from '../../support/topology';

/**
 * The repairs open-relay and internal-relay share, on the connector they are
 * given: what each fix writes, its title, and whether it is preferred.
 */
const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');
const FROM_INTERNET = ['receiveConnectors', 0];
const FROM_ORG = ['receiveConnectors', 1];

type Json = Record<string, unknown>;
const receive = (text: string, i: number) =>
  (parse(text) as { receiveConnectors: Json[] }).receiveConnectors[i];
const set = (text: string, values: Record<string, unknown>, at = FROM_INTERNET) =>
  Object.entries(values).reduce((t, [key, value]) => withValue(t, [...at, key], value), text);

describe('relay repairs: removing ExternalAuthoritative (flow/relay)', () => {
  const run = (text: string, i: number, receivesInternet: boolean) => {
    const analysis = analyze(text);
    const connector = analysis.topology.receiveConnectors[i];
    assert.ok(connector);
    return withoutExternalAuthoritative(text, connector, receivesInternet).map((f) => {
      const fixed = applyEdits(text, f.edits);
      const after = receive(fixed, i) ?? {};
      return {
        title: f.title,
        preferred: f.isPreferred,
        authMechanism: after['authMechanism'],
        permissionGroups: after['permissionGroups'],
      };
    });
  };
  const SUFFIX = ' and receive the internet as AnonymousUsers';
  const REMOVE = 'Remove ExternalAuthoritative from authMechanism';

  it('leaves Tls when ExternalAuthoritative was the only mechanism, and adds AnonymousUsers', () => {
    const text = set(base, {
      authMechanism: ['ExternalAuthoritative'],
      permissionGroups: ['ExchangeServers'],
    });
    assert.deepEqual(run(text, 0, true), [
      {
        title: REMOVE + SUFFIX,
        preferred: true,
        authMechanism: ['Tls'],
        permissionGroups: ['ExchangeServers', 'AnonymousUsers'],
      },
    ]);
  });

  it('on a connector that does not receive the internet: only the mechanism, not preferred', () => {
    const text = set(
      base,
      { authMechanism: ['Tls', 'ExternalAuthoritative'], permissionGroups: ['ExchangeServers'] },
      FROM_ORG,
    );
    assert.deepEqual(run(text, 1, false), [
      {
        title: REMOVE,
        preferred: false,
        authMechanism: ['Tls'],
        permissionGroups: ['ExchangeServers'],
      },
    ]);
  });

  it('keeps the groups that already hold AnonymousUsers', () => {
    const text = set(base, {
      authMechanism: ['Tls', 'ExternalAuthoritative'],
      permissionGroups: ['AnonymousUsers', 'ExchangeServers'],
    });
    assert.deepEqual(run(text, 0, true)[0]?.permissionGroups, [
      'AnonymousUsers',
      'ExchangeServers',
    ]);
    assert.equal(run(text, 0, true)[0]?.title, REMOVE);
  });

  it('replaces None and Custom, which grant nothing, by AnonymousUsers', () => {
    for (const groups of [['None'], ['Custom', 'ExchangeServers']]) {
      const text = set(base, {
        authMechanism: ['Tls', 'ExternalAuthoritative'],
        permissionGroups: groups,
      });
      assert.deepEqual(
        run(text, 0, true)[0]?.permissionGroups,
        [...groups.filter((g) => g !== 'None' && g !== 'Custom'), 'AnonymousUsers'],
        groups.join(','),
      );
    }
  });

  it('writes permissionGroups when the connector has none written and its default lacks AnonymousUsers', () => {
    // Usage Custom: no permission group by default.
    const text = set(base, {
      usage: 'Custom',
      default: undefined,
      remoteIPRanges: ['0.0.0.0-255.255.255.255'],
      authMechanism: ['Tls', 'ExternalAuthoritative'],
    });
    assert.deepEqual(run(text, 0, true), [
      {
        title: REMOVE + SUFFIX,
        preferred: true,
        authMechanism: ['Tls'],
        permissionGroups: ['AnonymousUsers'],
      },
    ]);
  });

  it('offers nothing without a written authMechanism list holding ExternalAuthoritative', () => {
    assert.deepEqual(run(base, 0, true), []);
    assert.deepEqual(run(set(base, { authMechanism: ['Tls'] }), 0, true), []);
  });
});

describe('relay repairs: the declared servers a connector is for (flow/relay)', () => {
  const connectorOf = (text: string, i: number) => {
    const analysis = analyze(text);
    const connector = analysis.topology.receiveConnectors[i];
    assert.ok(connector);
    return { analysis, connector };
  };

  it("lists the Mailbox servers' and the Edges' internal addresses the ranges hold, once each", () => {
    let text = set(base, { remoteIPRanges: ['10.0.0.0/8', '192.168.0.0/16'] }, FROM_ORG);
    // The same Mailbox address written twice is one sender.
    text = withValue(text, ['servers', 2, 'ipAddresses'], ['192.168.5.20', ' 192.168.5.20']);
    const { analysis, connector } = connectorOf(text, 1);
    // The Edge's internal 10.1.1.2 is held; its internet adapter's 10.1.1.1 is not a sender inside.
    assert.deepEqual(declaredServersIn(analysis.index, connector), [
      '10.1.1.2',
      '192.168.5.10',
      '192.168.5.20',
    ]);
  });

  it('replaces a written list, and writes one that is missing', () => {
    const written = set(base, { remoteIPRanges: ['192.168.0.0/16'] }, FROM_ORG);
    const { analysis, connector } = connectorOf(written, 1);
    const [replace] = restrictedToDeclared(analysis.index, written, connector);
    assert.equal(
      replace?.title,
      'Restrict the remote IP ranges to the declared servers (192.168.5.10, 192.168.5.20)',
    );
    assert.deepEqual(receive(applyEdits(written, replace?.edits ?? []), 1)?.['remoteIPRanges'], [
      '192.168.5.10',
      '192.168.5.20',
    ]);
    // The default connector without remoteIPRanges: all of IPv4, so every declared sender.
    const missing = connectorOf(base, 0);
    const [add] = restrictedToDeclared(missing.analysis.index, base, missing.connector);
    assert.deepEqual(receive(applyEdits(base, add?.edits ?? []), 0)?.['remoteIPRanges'], [
      '10.1.1.2',
      '192.168.5.10',
      '192.168.5.20',
    ]);
  });

  it('offers nothing when the ranges hold no declared server', () => {
    const text = set(base, { remoteIPRanges: ['172.20.0.0/16'] }, FROM_ORG);
    const { analysis, connector } = connectorOf(text, 1);
    assert.deepEqual(restrictedToDeclared(analysis.index, text, connector), []);
  });
});
