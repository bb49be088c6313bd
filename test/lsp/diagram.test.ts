import * as assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import {
  DIAGRAM_COMMAND,
  type DiagramResponse,
} from '../../server/src/languageServer/diagramProtocol';
import type { TraceRequest } from '../../server/src/languageServer/traceProtocol';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';

/**
 * The diagram command over a real connection, as "Show Mail Flow" sends it:
 * the picture at the version the editor shows, the choices of its message
 * form, and one message's paths.
 */
const URI = 'file:///work/diagram/contoso.edgeflow.json';

describe('language server: the mail-flow diagram command', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(URI, referenceTopology());
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const diagramOf = (uri: unknown, message?: TraceRequest | null) =>
    client.request<DiagramResponse>('workspace/executeCommand', {
      command: DIAGRAM_COMMAND,
      arguments: message === undefined ? [uri] : [uri, message],
    });

  it('is advertised', () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes(DIAGRAM_COMMAND));
  });

  it('draws the open topology, with the senders and recipients a message can have', async () => {
    const response = await diagramOf(URI);
    assert.ok(response.ok, JSON.stringify(response));
    assert.match(response.svg, /^<svg /);
    assert.equal(response.version, client.document(URI).version);
    assert.deepEqual(
      response.connections.map((c) => c.text.split(': ')[1]?.split(';')[0]),
      [
        'send connector To Internet',
        'send connector To Internal Org',
        'send connector To Edge',
        'receive connector From Internet',
        'receive connector From Internal Org',
      ],
    );
    assert.deepEqual(
      response.senders.map((s) => s.value),
      ['internet', 'internal', 'MBX01', 'MBX02', 'EDGE01'],
    );
    assert.deepEqual(
      response.recipients.map((r) => r.value),
      ['user@contoso.com', 'user@example.org'],
    );
    assert.equal(response.message, undefined);
    assert.doesNotMatch(response.svg, /class="[^"]*\bon-path\b/);
  });

  it('shows one message: its paths in words and the shapes they go through', async () => {
    const response = await diagramOf(URI, { from: 'internet', to: 'user@contoso.com' });
    assert.ok(response.ok, JSON.stringify(response));
    const message = response.message;
    assert.ok(message);
    assert.equal(message.ok, true);
    assert.deepEqual(message.lines, [
      'ok: the internet → user@contoso.com (Authoritative), needs delivered: 2 paths',
      'path 1: delivered: accepted by MBX01 for delivery in the organization',
      'path 2: delivered: accepted by MBX02 for delivery in the organization',
    ]);
    const id = (text: RegExp) => response.connections.find((c) => text.test(c.text))?.id;
    const fromInternet = id(/receive connector From Internet/);
    const toOrg = id(/send connector To Internal Org/);
    const toEdge = id(/send connector To Edge/);
    assert.ok(fromInternet && toOrg && toEdge);
    assert.ok(message.onPath.includes(fromInternet));
    assert.ok(message.onPath.includes(toOrg));
    assert.ok(!message.onPath.includes(toEdge), 'the outbound connector is not on the way in');
    assert.match(
      response.svg,
      new RegExp(`class="arrow receive on-path" data-id="${fromInternet}"`),
    );
    assert.match(response.svg, new RegExp(`class="arrow send off-path" data-id="${toEdge}"`));
  });

  it('a sender the model does not know: the picture without it, and why', async () => {
    const response = await diagramOf(URI, { from: 'nowhere', to: 'user@contoso.com' });
    assert.ok(response.ok, JSON.stringify(response));
    assert.equal(response.message, undefined);
    assert.equal(
      response.messageProblem,
      "'nowhere' is neither 'internet', 'internal', a server of the topology nor an IP address",
    );
    assert.doesNotMatch(response.svg, /class="[^"]*\bon-path\b/);
  });

  it('follows the text as edited: the renamed connector, at the new version', async () => {
    const uri = 'file:///work/diagram/edited.edgeflow.json';
    await client.open(uri, referenceTopology());
    const version = await client.change(
      uri,
      referenceTopology().replace('"name": "To Edge"', '"name": "To the perimeter"'),
    );
    const response = await diagramOf(uri, { from: 'MBX01', to: 'x@fabrikam.com' });
    assert.ok(response.ok, JSON.stringify(response));
    assert.equal(response.version, version);
    assert.ok(response.connections.some((c) => c.text.includes('To the perimeter')));
    const onPath = response.connections
      .filter((c) => response.message?.onPath.includes(c.id))
      .map((c) => c.text.split(': ')[1]?.split(';')[0]);
    assert.deepEqual(onPath, [
      'send connector To Internet',
      'send connector To the perimeter',
      'receive connector From Internal Org',
    ]);
  });

  it('a topology that is not open, or arguments of the wrong type', async () => {
    const missing = await diagramOf('file:///work/diagram/missing.edgeflow.json');
    assert.equal(missing.ok, false);
    await assert.rejects(
      diagramOf(URI, 'internet' as unknown as TraceRequest),
      (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
    );
  });
});
