import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  buildDiagram,
  drawDiagram,
  layoutDiagram,
  messageLines,
  trace,
  type Analysis,
  type Diagram,
  type TracePath,
} from '../../../server/src/core';
import { messageOnDiagram } from '../../../server/src/core/diagram/message';
import { exampleNames } from '../../support/generation';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * One message's paths on the diagram (issue 17): the arrows lit are exactly
 * the connectors the mail-flow model's trace names, hop by hop, for every
 * sender and recipient class of every example; the SVG marks them and says
 * how each path ends. Adapters are ports: arrows meet an Edge on the side of
 * the network they come from.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'diagram');

const example = (name: string) => readRepoFile('examples', `${name}.edgeflow.json`);

/** The indices of the declared connectors a trace path names (built-in ones are not drawn). */
function tracedConnectors(analysis: Analysis, path: TracePath): Set<string> {
  const { topology } = analysis;
  const key = (s: string | undefined) => (s ?? '').toLowerCase();
  const found = new Set<string>();
  for (const hop of path.hops) {
    const receive = hop.arrival?.receiveConnector;
    if (receive !== undefined && hop.arrival?.builtIn !== true) {
      const index = topology.receiveConnectors.findIndex(
        (c) => key(c.name?.value) === key(receive) && key(c.server?.value) === key(hop.server),
      );
      assert.ok(index >= 0, `receive connector ${receive} on ${hop.server}`);
      found.add(`receive:${index}`);
    }
    const send = hop.departure?.sendConnector;
    if (send !== undefined) {
      const index = topology.sendConnectors.findIndex(
        (c) =>
          key(c.name?.value) === key(send) &&
          (c.server === undefined || key(c.server.value) === key(hop.server)),
      );
      assert.ok(index >= 0, `send connector ${send} from ${hop.server}`);
      found.add(`send:${index}`);
    }
  }
  return found;
}

/** The trace's label of a sender as a user types it. */
function asTyped(label: string): string {
  if (label === 'the internet') return 'internet';
  if (label.startsWith('an internal host')) return 'internal';
  return label;
}

function litConnectors(diagram: Diagram, edges: readonly string[]): Set<string> {
  return new Set(
    edges.map((id) => {
      const edge = diagram.edges.find((e) => e.id === id);
      assert.ok(edge, `edge ${id} exists`);
      return `${edge.connector.kind}:${edge.connector.index}`;
    }),
  );
}

describe('one message on the diagram', () => {
  for (const name of exampleNames()) {
    it(`${name}: every cell's paths light exactly the connectors the trace names`, () => {
      const analysis = analyze(example(name));
      const diagram = buildDiagram(analysis);
      const matrix = trace(analysis.index);
      assert.ok(matrix.ok);
      let paths = 0;
      for (const cell of matrix.cells) {
        const shown = messageOnDiagram(analysis, diagram, {
          from: asTyped(cell.from),
          to: cell.to,
        });
        assert.ok(shown.ok, `${cell.from} → ${cell.to}`);
        const { message } = shown;
        assert.equal(message.paths.length, cell.paths.length);
        assert.equal(message.ok, cell.ok);
        message.paths.forEach((lit, i) => {
          const traced = cell.paths[i];
          assert.ok(traced);
          assert.equal(lit.verdict, traced.verdict);
          assert.equal(lit.explanation, traced.explanation);
          assert.deepEqual(
            litConnectors(diagram, lit.edges),
            tracedConnectors(analysis, traced),
            `${cell.from} → ${cell.to}, path ${i + 1}`,
          );
          for (const hop of traced.hops) {
            const node = diagram.nodes.find((n) => n.title === hop.server);
            assert.ok(node && lit.nodes.includes(node.id), `${hop.server} is on the path`);
          }
          paths++;
        });
      }
      assert.ok(paths > 0);
    });
  }

  it('contoso, internet → user@contoso.com: in through the Edge, on to both Mailbox servers', () => {
    const analysis = analyze(example('contoso'));
    const diagram = buildDiagram(analysis);
    const shown = messageOnDiagram(analysis, diagram, {
      from: 'internet',
      to: 'user@contoso.com',
    });
    assert.ok(shown.ok);
    const { message } = shown;
    assert.equal(message.ok, true);
    assert.equal(message.need, 'delivered');
    assert.deepEqual(
      message.paths.map((p) => p.verdict),
      ['delivered', 'delivered'],
    );
    const title = (id: string) => diagram.nodes.find((n) => n.id === id)?.title;
    const connector = (id: string) => diagram.edges.find((e) => e.id === id)?.label[0];
    for (const path of message.paths) {
      assert.deepEqual(path.edges.map(connector), ['To Internal Org', 'From Internet']);
      assert.ok(path.nodes.map(title).includes('Internet'));
      assert.ok(path.nodes.map(title).includes('EDGE01'));
    }
    assert.deepEqual(
      message.paths.map((p) => p.nodes.map(title).filter((t) => t?.startsWith('MBX'))),
      [['MBX01'], ['MBX02']],
    );
  });

  it('a relay attempt stops at the Edge: only its internet receive connector is lit', () => {
    const analysis = analyze(example('contoso'));
    const diagram = buildDiagram(analysis);
    const shown = messageOnDiagram(analysis, diagram, { from: 'internet', to: 'x@fabrikam.com' });
    assert.ok(shown.ok);
    assert.equal(shown.message.ok, true, 'refusing is what the design needs');
    assert.deepEqual(
      shown.message.paths.map((p) => [p.verdict, p.edges]),
      [['refused', ['receive:0']]],
    );
    assert.match(shown.message.paths[0]?.explanation ?? '', /ms-Exch-SMTP-Accept-Any-Recipient/);
  });

  it('outbound mail leaves by DNS: the internet box is on the path', () => {
    const analysis = analyze(example('contoso'));
    const diagram = buildDiagram(analysis);
    const shown = messageOnDiagram(analysis, diagram, { from: 'MBX01', to: 'x@fabrikam.com' });
    assert.ok(shown.ok);
    for (const path of shown.message.paths) {
      assert.equal(path.verdict, 'internet');
      assert.ok(path.nodes.includes('internet'));
    }
  });

  it('names a sender or recipient the model does not know', async () => {
    const analysis = analyze(example('contoso'));
    const drawn = await drawDiagram(analysis, { from: 'nowhere', to: 'user@contoso.com' });
    assert.deepEqual(drawn, {
      ok: false,
      problem:
        "'nowhere' is neither 'internet', 'internal', a server of the topology nor an IP address",
    });
    const notAnAddress = await drawDiagram(analysis, { from: 'internet', to: 'not an address' });
    assert.equal(notAnAddress.ok, false);
  });

  describe('in the SVG', () => {
    it('marks the path on-path, everything else off-path, and says how each path ends', async () => {
      const analysis = analyze(example('contoso'));
      const drawn = await drawDiagram(analysis, { from: 'internet', to: 'user@contoso.com' });
      assert.ok(drawn.ok);
      const { svg, diagram } = drawn;
      const message = diagram.message;
      assert.ok(message);
      const lit = new Set(message.paths.flatMap((p) => [...p.edges, ...p.nodes]));
      for (const item of [...diagram.nodes, ...diagram.edges]) {
        const shape = new RegExp(
          `<g class="[^"]*\\b(on-path|off-path)\\b[^"]*" data-id="${item.id}"`,
        );
        const match = shape.exec(svg);
        assert.ok(match, `${item.id} is marked`);
        assert.equal(match[1], lit.has(item.id) ? 'on-path' : 'off-path', item.id);
      }
      for (const line of messageLines(message)) assert.ok(svg.includes(`>${line}</text>`), line);
      assert.match(
        svg,
        /<title id="edgeflow-title">Mail flow of Contoso: the internet → user@contoso.com<\/title>/,
      );
      const plain = await drawDiagram(analysis);
      assert.ok(plain.ok);
      assert.doesNotMatch(plain.svg, /class="[^"]*\b(on|off)-path\b|class="caption"/);
    });

    it('contoso inbound is the golden picture', async () => {
      const drawn = await drawDiagram(analyze(example('contoso')), {
        from: 'internet',
        to: 'user@contoso.com',
      });
      assert.ok(drawn.ok);
      const file = path.join(GOLDEN, 'contoso.internet-to-contoso.svg');
      if (UPDATE) fs.writeFileSync(file, drawn.svg);
      assert.equal(
        drawn.svg,
        fs.readFileSync(file, 'utf8'),
        'regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and look at the picture',
      );
    });

    it('a failing message is captioned FAIL, and a hostile address is escaped', async () => {
      // The Edge's connector to the organization routes by DNS: inbound mail goes back out.
      const original = example('contoso');
      const text = original.replace(
        '"dnsRoutingEnabled": false,\n      "smartHosts": ["mbxserver01.contoso.com", "mbxserver02.contoso.com"]',
        '"dnsRoutingEnabled": true',
      );
      assert.notEqual(text, original);
      const analysis = analyze(text);
      const drawn = await drawDiagram(analysis, { from: 'internet', to: '<b>&"x\'@contoso.com' });
      assert.ok(drawn.ok);
      assert.equal(drawn.diagram.message?.ok, false);
      assert.match(drawn.svg, /<text class="fail" x="16" y="[\d.]+" xml:space="preserve">FAIL: /);
      assert.ok(drawn.svg.includes('&lt;b&gt;&amp;&quot;x&apos;@contoso.com'));
      assert.doesNotMatch(drawn.svg, /<b>/);
    });
  });

  describe('adapters as ports', () => {
    it('two-edges: arrows meet each Edge on the side of their network', async () => {
      const analysis = analyze(example('two-edges'));
      const diagram = buildDiagram(analysis);
      const laid = await layoutDiagram(diagram);
      let checked = 0;
      for (const placed of laid.edges) {
        const { edge } = placed;
        for (const [end, port, other] of [
          ['from', edge.fromPort, edge.to],
          ['to', edge.toPort, edge.from],
        ] as const) {
          const node = laid.nodes.find((n) => n.node.id === (end === 'from' ? edge.from : edge.to));
          if (node?.node.kind !== 'edge') {
            assert.equal(port, undefined);
            continue;
          }
          const adapter = node.ports.find((p) => p.adapter.id === port);
          assert.ok(adapter, `${edge.id} ${end} an adapter of ${node.node.title}`);
          assert.equal(
            adapter.adapter.network,
            other === 'internet' ? 'internet' : 'internal',
            `${edge.id} (${edge.label[0]}) meets ${node.node.title} on the right adapter`,
          );
          // The arrow's end is on the port's square (the layout honoured it).
          const point = end === 'from' ? placed.points[0] : placed.points[placed.points.length - 1];
          assert.ok(point);
          const near = (v: number, lo: number, hi: number) => v >= lo - 1 && v <= hi + 1;
          assert.ok(
            near(point.x, adapter.x, adapter.x + adapter.width) &&
              near(point.y, adapter.y, adapter.y + adapter.height),
            `${edge.id} ends at (${point.x},${point.y}), the port is at (${adapter.x},${adapter.y})`,
          );
          // Internet adapters on the left of the box, internal ones on the right.
          const left = adapter.x < node.x + node.width / 2;
          assert.equal(left, adapter.adapter.network === 'internet');
          checked++;
        }
      }
      assert.ok(checked >= 8, `${checked} arrow ends checked`);
    });

    it('a receive connector bound to one adapter arrives at that adapter', () => {
      const analysis = analyze(example('contoso'));
      const diagram = buildDiagram(analysis);
      const edge01 = diagram.nodes.find((n) => n.title === 'EDGE01');
      const internal = edge01?.adapters.find((a) => a.network === 'internal');
      const fromOrg = diagram.edges.find((e) => e.label[0] === 'From Internal Org');
      assert.ok(internal && fromOrg);
      assert.equal(fromOrg.toPort, internal.id);
    });
  });
});
