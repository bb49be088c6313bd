import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { routeFor } from '../../../server/src/core/flow/routing';
import { readRepoFile } from '../../support/repo';
import { withAppended, withValue } from '../../support/topology';

const base = readRepoFile('test', 'fixtures', 'base.edgeflow.json');

/** A second organization connector like "To Edge", named to rank first, with these source servers. */
function withFirstRanked(text: string, sources: readonly string[] | undefined): string {
  return withAppended(text, ['sendConnectors'], {
    name: 'A To Edge',
    usage: 'Internal',
    addressSpaces: ['*'],
    dnsRoutingEnabled: false,
    smartHosts: ['edge01.contoso.net'],
    ...(sources ? { sourceTransportServers: sources } : {}),
    smartHostAuthMechanism: 'BasicAuthRequireTLS',
    authenticationCredential: 'OrgToEdge',
  });
}

/** The connector each Mailbox server chooses for a domain that is not accepted. */
function choices(text: string): Record<string, string | undefined> {
  const { index } = analyze(text);
  return Object.fromEntries(
    index.mailboxes.map((server) => [
      server.name?.value ?? '',
      routeFor(index, server, 'example.org')?.connector.name?.value,
    ]),
  );
}

describe('which connector a Mailbox server chooses among equally good ones (flow/routing)', () => {
  // connector-selection.md: equally specific and cheap connectors are ordered by the fewest
  // hops, the local server first, then by name.
  it('takes the connector it is a source server of before one whose name ranks first', () => {
    const text = withValue(
      withFirstRanked(base, ['MBX01']),
      ['sendConnectors', 2, 'sourceTransportServers'],
      ['MBX02'],
    );
    assert.deepEqual(choices(text), { MBX01: 'A To Edge', MBX02: 'To Edge' });
  });

  it('counts a connector without source servers as local to every server', () => {
    const text = withValue(
      withFirstRanked(base, ['MBX01']),
      ['sendConnectors', 2, 'sourceTransportServers'],
      undefined,
    );
    assert.deepEqual(choices(text), { MBX01: 'A To Edge', MBX02: 'To Edge' });
  });

  it('takes the first by name when it is a source server of neither', () => {
    const text = withValue(
      withFirstRanked(base, ['MBX01']),
      ['sendConnectors', 2, 'sourceTransportServers'],
      ['MBX01'],
    );
    assert.deepEqual(choices(text), { MBX01: 'A To Edge', MBX02: 'A To Edge' });
  });

  it('prefers the cheaper connector to the local one', () => {
    let text = withValue(
      withFirstRanked(base, ['MBX01']),
      ['sendConnectors', 2, 'sourceTransportServers'],
      ['MBX02'],
    );
    text = withValue(text, ['sendConnectors', 3, 'addressSpaces'], ['SMTP:*;5']);
    assert.deepEqual(choices(text), { MBX01: 'To Edge', MBX02: 'To Edge' });
  });
});
