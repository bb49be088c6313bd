import * as assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import {
  TRACE_CHOICES_COMMAND,
  TRACE_COMMAND,
  type TraceChoices,
  type TraceRequest,
  type TraceResponse,
} from '../../server/src/languageServer/traceProtocol';
import { referenceTopology } from '../support/repo';
import { LspClient } from './client';
import { withUncoveredDomain } from './topologies';

/** The trace commands over a real connection, as the VS Code client sends them. */

const URI = 'file:///work/trace/contoso.edgeflow.json';
const FAILING_URI = 'file:///work/trace/failing.edgeflow.json';

describe('language server: trace commands', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(URI, referenceTopology());
    await client.open(FAILING_URI, withUncoveredDomain());
  });

  after(async () => {
    const failures = client?.loggedFailures() ?? [];
    await client?.stop();
    assert.deepEqual(failures, [], 'no handler failed');
  });

  const traceOf = (uri: unknown, request?: TraceRequest) =>
    client.request<TraceResponse>('workspace/executeCommand', {
      command: TRACE_COMMAND,
      arguments: [uri, request],
    });

  it('advertises both commands', () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes(TRACE_COMMAND));
    assert.ok(commands.includes(TRACE_CHOICES_COMMAND));
  });

  it('offers the senders and the recipient classes of the topology for the pickers', async () => {
    const choices = await client.request<TraceChoices>('workspace/executeCommand', {
      command: TRACE_CHOICES_COMMAND,
      arguments: [URI],
    });
    assert.ok(choices.ok);
    assert.deepEqual(
      choices.senders.map((s) => s.value),
      ['internet', 'internal', 'MBX01', 'MBX02', 'EDGE01'],
    );
    assert.deepEqual(
      choices.recipients.map((r) => [r.value, r.description]),
      [
        ['user@contoso.com', '(Authoritative accepted domain)'],
        ['user@example.org', '(a domain that is not accepted)'],
      ],
    );
  });

  it('traces a message from the internet to a mailbox, hop by hop', async () => {
    const response = await traceOf(URI, { from: 'internet', to: 'user@contoso.com' });
    assert.ok(response.ok, JSON.stringify(response));
    assert.equal(response.cells, 1);
    assert.equal(response.failing, 0);
    assert.match(
      response.text,
      /^ok {3}the internet → user@contoso\.com \(Authoritative\): delivered/,
    );
    assert.match(
      response.text,
      /received by 'From Internet', remote range 0\.0\.0\.0-255\.255\.255\.255, anonymous/,
    );
    assert.match(
      response.text,
      /sent by 'To Internal Org' \(address space --, matching contoso\.com\) to the smart host mbxserver01\.contoso\.com/,
    );
    assert.match(response.text, /received by 'Default Frontend MBX01' \(built-in\)/);
    assert.match(response.text, /→ accepted by MBX02 for delivery in the organization/);
  });

  it('traces from an IP address and to a bare domain', async () => {
    const response = await traceOf(URI, { from: '192.168.5.77', to: 'example.org' });
    assert.ok(response.ok, JSON.stringify(response));
    assert.match(
      response.text,
      /an internal host \(192\.168\.5\.77\) → user@example\.org \(not accepted\): refused/,
    );
  });

  it('traces the whole matrix without a sender or a recipient', async () => {
    const response = await traceOf(URI);
    assert.ok(response.ok);
    assert.equal(response.cells, 10);
    assert.equal(response.failing, 0);
  });

  it('counts and shows what fails in a failing design', async () => {
    const response = await traceOf(FAILING_URI, { from: 'internet', to: 'someone@fabrikam.com' });
    assert.ok(response.ok);
    assert.equal(response.failing, 1);
    assert.match(
      response.text,
      /^FAIL the internet → someone@fabrikam\.com \(Authoritative\): internet, needs delivered/,
    );
    assert.match(response.text, /sent by 'To Internet' \(address space \*\) by DNS/);
  });

  it('answers a sender or a recipient it does not know with the problem', async () => {
    const from = await traceOf(URI, { from: 'nowhere', to: 'user@contoso.com' });
    assert.deepEqual(from, {
      ok: false,
      problem:
        "'nowhere' is neither 'internet', 'internal', a server of the topology nor an IP address",
    });
    const to = await traceOf(URI, { from: 'internet', to: 'not an address' });
    assert.deepEqual(to, {
      ok: false,
      problem: "'not an address' is not an e-mail address or a domain",
    });
  });

  it('answers a topology that is not open with the problem', async () => {
    const response = await traceOf('file:///work/trace/closed.edgeflow.json', { from: 'internet' });
    assert.ok(!response.ok);
    assert.match(response.problem, /is not an open EdgeFlow topology: open it first/);
  });

  it('refuses arguments of the wrong type as invalid parameters', async () => {
    await assert.rejects(traceOf(42), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, ErrorCodes.InvalidParams);
      return true;
    });
    await assert.rejects(
      client.request('workspace/executeCommand', {
        command: TRACE_COMMAND,
        arguments: [URI, { from: 7 }],
      }),
      /'from' must be a string/,
    );
  });
});
