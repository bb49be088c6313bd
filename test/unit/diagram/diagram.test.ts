import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  buildDiagram,
  diagramSvg,
  escapeXml,
  type Diagram,
} from '../../../server/src/core';
import { exampleNames } from '../../support/generation';
import { readRepoFile, referenceTopology, repoPath } from '../../support/repo';
import { withValue } from '../../support/topology';

/**
 * The mail-flow diagram (issue 17): every server and connector of a topology
 * is drawn, with the severity of its findings, and the SVG is standalone,
 * well-formed and the same for the same text. Golden SVGs of the examples
 * change only on purpose: EDGEFLOW_UPDATE_GOLDEN=1, then look at the pictures.
 */
const UPDATE = process.env['EDGEFLOW_UPDATE_GOLDEN'] === '1';
const GOLDEN = repoPath('test', 'golden', 'diagram');

const fixtureFiles = (): string[] => {
  const root = repoPath('test', 'fixtures', 'rules');
  return fs
    .readdirSync(root)
    .flatMap((code) =>
      fs
        .readdirSync(path.join(root, code))
        .filter((f) => f.endsWith('.edgeflow.json'))
        .map((f) => path.join(root, code, f)),
    )
    .sort();
};

/** Every server is a node, every connector at least one arrow, with its object's range. */
function assertComplete(text: string, diagram: Diagram): void {
  const { topology } = analyze(text);
  for (const server of topology.servers) {
    const node = diagram.nodes.find((n) => n.range?.start === server.view.node.offset);
    assert.ok(node, `server ${server.name?.value} is drawn`);
  }
  const connectors = [
    ...topology.sendConnectors.map((c, index) => ({ c, kind: 'send', index })),
    ...topology.receiveConnectors.map((c, index) => ({ c, kind: 'receive', index })),
  ];
  for (const { c, kind, index } of connectors) {
    const arrows = diagram.edges.filter(
      (e) => e.connector.kind === kind && e.connector.index === index,
    );
    assert.ok(arrows.length > 0, `${kind} connector ${c.name?.value} is drawn`);
    for (const arrow of arrows) {
      assert.equal(arrow.range?.start, c.view.node.offset);
      assert.ok(diagram.nodes.some((n) => n.id === arrow.from));
      assert.ok(diagram.nodes.some((n) => n.id === arrow.to));
      if (c.name) assert.equal(arrow.label[0], c.name.value);
    }
  }
}

/** Well-formed enough to be shown: every `<` opens a tag, every `&` an entity, tags balance. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let text = '';
  for (let i = 0; i < svg.length;) {
    if (svg[i] === '<') {
      tag.lastIndex = i;
      const match = tag.exec(svg);
      assert.ok(match, `not a tag at ${i}: ${svg.slice(i, i + 40)}`);
      const [whole, closing, name, , selfClosing] = match;
      if (closing) assert.equal(stack.pop(), name);
      else if (!selfClosing) stack.push(name as string);
      i += whole.length;
    } else {
      text += svg[i];
      i++;
    }
  }
  assert.deepEqual(stack, []);
  assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos);)/);
}

describe('the mail-flow diagram', () => {
  describe('of the examples', () => {
    for (const example of exampleNames()) {
      const text = readRepoFile('examples', `${example}.edgeflow.json`);

      it(`${example}: every server and connector is drawn`, () => {
        assertComplete(text, buildDiagram(analyze(text)));
      });

      it(`${example}: the SVG is the golden one, every time`, async () => {
        const svg = await diagramSvg(analyze(text));
        assert.equal(await diagramSvg(analyze(text)), svg, 'deterministic');
        assertWellFormed(svg);
        const file = path.join(GOLDEN, `${example}.svg`);
        if (UPDATE) {
          fs.mkdirSync(GOLDEN, { recursive: true });
          fs.writeFileSync(file, svg);
        }
        assert.ok(fs.existsSync(file), `no golden ${file}: run with EDGEFLOW_UPDATE_GOLDEN=1`);
        assert.equal(
          svg,
          fs.readFileSync(file, 'utf8'),
          `${example}.svg: regenerate with EDGEFLOW_UPDATE_GOLDEN=1 and look at the picture`,
        );
      });

      it(`${example}: standalone, with no script and no external resource`, async () => {
        const svg = await diagramSvg(analyze(text));
        assert.doesNotMatch(svg, /<script|<foreignObject|<image|<a[\s>]|href=|@import|url\((?!#)/i);
        assert.doesNotMatch(svg, /\son\w+=/i);
      });
    }

    it('two-edges: the Edges, the Mailbox servers in the organization, and the internet', () => {
      const diagram = buildDiagram(analyze(readRepoFile('examples', 'two-edges.edgeflow.json')));
      const titles = (kind: string) =>
        diagram.nodes.filter((n) => n.kind === kind).map((n) => n.title);
      assert.deepEqual(titles('edge'), ['EDGE01', 'EDGE02']);
      assert.deepEqual(titles('mailbox'), ['MBX01', 'MBX02']);
      assert.deepEqual(titles('organization'), ['Organization Fabrikam']);
      assert.ok(diagram.nodes.filter((n) => n.kind === 'mailbox').every((n) => n.parent));
      const edge01 = diagram.nodes.find((n) => n.title === 'EDGE01');
      assert.deepEqual(edge01?.adapters, [
        {
          id: 'server:0:adapter:0',
          name: 'External',
          network: 'internet',
          addresses: ['203.0.113.10'],
          receiveConnectors: ['From Internet'],
        },
        {
          id: 'server:0:adapter:1',
          name: 'Internal',
          network: 'internal',
          addresses: ['172.16.0.10', 'fd00:10::10'],
          receiveConnectors: ['From Internal Org'],
        },
      ]);
      const arrows = diagram.edges.map((e) => `${e.id} ${e.from} → ${e.to}`);
      assert.deepEqual(arrows, [
        'send:0 server:0 → internet',
        'send:1 server:0 → organization',
        'send:2 server:1 → internet',
        'send:3 server:1 → organization',
        'send:4 organization → server:0',
        'send:4#1 organization → server:1',
        'receive:0 internet → server:0',
        'receive:1 organization → server:0',
        'receive:2 internet → server:1',
        'receive:3 organization → server:1',
      ]);
      assert.deepEqual(diagram.edges[1]?.label, [
        'To Internal Org',
        '--',
        'BasicAuthRequireTLS · credential EdgeToOrg',
      ]);
    });
  });

  describe('of every rule fixture', () => {
    for (const file of fixtureFiles()) {
      it(`${path.relative(repoPath('test', 'fixtures', 'rules'), file)}`, () => {
        const text = fs.readFileSync(file, 'utf8');
        assertComplete(text, buildDiagram(analyze(text)));
      });
    }
  });

  describe('severities', () => {
    it('an open relay stands out: its connector carries the error', () => {
      const text = readRepoFile(
        'test',
        'fixtures',
        'rules',
        'open-relay',
        'bad-externally-secured-internet.edgeflow.json',
      );
      const analysis = analyze(text);
      const finding = analysis.findings.find((f) => f.code === 'open-relay');
      assert.ok(finding);
      const arrow = buildDiagram(analysis).edges.find(
        (e) => e.range && e.range.start <= finding.range.start && finding.range.end <= e.range.end,
      );
      assert.equal(arrow?.severity, finding.severity);
      assert.equal(arrow?.label[0], 'From Internet');
    });

    it('the worst finding of an object wins, and a clean object has none', () => {
      // An unknown credential (an error) on the organization connector.
      const text = withValue(
        referenceTopology(),
        ['sendConnectors', 2, 'authenticationCredential'],
        'Nobody',
      );
      const diagram = buildDiagram(analyze(text));
      const send2 = diagram.edges.find((e) => e.id === 'send:2');
      assert.equal(send2?.severity, 'error');
      assert.equal(diagram.edges.find((e) => e.id === 'send:0')?.severity, undefined);
    });

    it('a setting that turns a rule off takes its colour away', () => {
      const text = referenceTopology();
      const withFindings = buildDiagram(analyze(text));
      const coloured = withFindings.nodes.filter((n) => n.severity);
      assert.ok(coloured.length > 0, 'the reference has a finding on a server');
      const codes = analyze(text).findings.map((f) => f.code);
      const rules = Object.fromEntries(codes.map((c) => [c, 'off' as const]));
      assert.ok(buildDiagram(analyze(text, { rules })).nodes.every((n) => !n.severity));
    });
  });

  describe('hostile names', () => {
    const hostile = '<script>alert(1)</script> & "quoted" \'single\' ]]> \u0001 \ud800';
    const long = `EDGE-${'x'.repeat(100_000)}`;
    let text = referenceTopology();
    text = withValue(text, ['servers', 0, 'name'], long);
    text = withValue(text, ['servers', 1, 'name'], hostile);
    text = withValue(text, ['sendConnectors', 0, 'name'], hostile);
    text = withValue(text, ['receiveConnectors', 0, 'name'], hostile);
    text = withValue(text, ['organization', 'name'], hostile);

    it('are escaped, cut to a line, and the SVG stays well-formed', async () => {
      const svg = await diagramSvg(analyze(text));
      assertWellFormed(svg);
      assert.doesNotMatch(svg, /<script/);
      assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quoted&quot;/);
      assert.ok(svg.length < 200_000, `${svg.length} characters: the long name is cut`);
      assert.ok(!svg.includes('\u0001'), 'no control character');
      assert.ok(!/\ud800(?![\udc00-\udfff])/.test(svg), 'no lone surrogate');
    });

    it('are kept whole in the model, for the text alternative', () => {
      const diagram = buildDiagram(analyze(text));
      assert.ok(diagram.nodes.some((n) => n.title === long));
      assert.ok(diagram.edges.some((e) => e.label[0] === hostile));
    });

    it('escapeXml escapes the five XML specials and drops what XML cannot hold', () => {
      assert.equal(escapeXml(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');
      assert.equal(escapeXml('a\u0000b\ud800c\ud83d\ude00'), 'a\ufffdb\ufffdc\ud83d\ude00');
    });
  });

  it('a text that is no topology gives the internet alone', async () => {
    for (const text of ['', '[]', '{"servers": 3}', '{ not json']) {
      const diagram = buildDiagram(analyze(text));
      assert.deepEqual(
        diagram.nodes.map((n) => n.id),
        ['internet'],
      );
      assertWellFormed(await diagramSvg(analyze(text)));
    }
  });
});
