import type ElkConstructor from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Diagram, DiagramAdapter, DiagramEdge, DiagramNode } from './model';
import {
  GROUP_HEADER,
  labelLines,
  labelSize,
  nodeLines,
  nodeSize,
  NODE_PADDING,
  type TextLine,
} from './text';

/**
 * Places the diagram with ELK's layered algorithm (made for data-flow graphs):
 * left to right, so that mail reads from the internet through the Edges to the
 * Mailbox servers. ELK is deterministic for one input (its random seed is
 * fixed), and the input is built in the topology's order, so one text gives
 * one picture, byte for byte.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedPort {
  readonly adapter: DiagramAdapter;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode {
  readonly node: DiagramNode;
  /** An Edge's adapters, on the sides of its box. */
  readonly ports: readonly PlacedPort[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Empty for the organization, whose title is drawn in its header. */
  readonly lines: readonly TextLine[];
}

export interface PlacedEdge {
  readonly edge: DiagramEdge;
  readonly points: readonly Point[];
  readonly label?: { readonly x: number; readonly y: number; readonly lines: readonly string[] };
}

export interface LaidOutDiagram {
  readonly diagram: Diagram;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  // Arrows to the organization and to its members alike are laid out in one pass.
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  // Coordinates of every shape and arrow relative to the picture, not to its parent.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.randomSeed': '1',
  // The topology's order (EDGE01 above EDGE02) where crossings allow it.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const GROUP_OPTIONS: Record<string, string> = {
  'elk.padding': `[top=${GROUP_HEADER + NODE_PADDING},left=${NODE_PADDING * 2},bottom=${NODE_PADDING * 2},right=${NODE_PADDING * 2}]`,
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
  'elk.nodeSize.minimum': '(160,60)',
};

let elk: InstanceType<typeof ElkConstructor> | undefined;

/**
 * ELK is loaded on the first diagram, not with the module: its 1.6 MB of
 * compiled Java runs a long initialisation when evaluated, which doubled the
 * language server's start (221 → 426 ms to `initialize`) for a view most
 * sessions never open. The bundles do not even hold it: scripts/build.mjs
 * ships it beside them as dist/elk.js, which this import then loads.
 */
async function loadElk(): Promise<InstanceType<typeof ElkConstructor>> {
  const loaded = (await import('elkjs/lib/elk.bundled.js')) as unknown as {
    default: typeof ElkConstructor;
  };
  return new loaded.default();
}

export async function layoutDiagram(diagram: Diagram): Promise<LaidOutDiagram> {
  const lines = new Map(diagram.nodes.map((n) => [n.id, nodeLines(n)]));
  const ranks = new Map(diagram.nodes.map((n) => [n.id, RANK[n.kind]]));
  const members = (parent: string | undefined) => diagram.nodes.filter((n) => n.parent === parent);
  const elkNode = (node: DiagramNode): ElkNode => {
    const children = members(node.id);
    if (node.kind === 'organization')
      return { id: node.id, layoutOptions: GROUP_OPTIONS, children: children.map(elkNode) };
    if (node.adapters.length === 0) return { id: node.id, ...nodeSize(lines.get(node.id) ?? []) };
    return {
      id: node.id,
      ...nodeSize(lines.get(node.id) ?? []),
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
      ports: node.adapters.map((adapter) => ({
        id: adapter.id,
        width: PORT_SIZE,
        height: PORT_SIZE,
        // The internet on the left, the organization on the right: mail reads left to right.
        layoutOptions: { 'elk.port.side': adapter.network === 'internet' ? 'WEST' : 'EAST' },
      })),
    };
  };
  const edgeLines = new Map(diagram.edges.map((e) => [e.id, labelLines(e.label)]));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: members(undefined).map(elkNode),
    edges: diagram.edges.map((edge): ElkExtendedEdge => ({
      id: edge.id,
      // ELK lays out a graph without cycles best: every arrow is given to it from the
      // internet's side to the organization's, and drawn the right way round after.
      ...(reversed(edge, ranks)
        ? { sources: [edge.toPort ?? edge.to], targets: [edge.fromPort ?? edge.from] }
        : { sources: [edge.fromPort ?? edge.from], targets: [edge.toPort ?? edge.to] }),
      // ELK places no label without a text (it only measures the given size).
      labels: [
        {
          id: `${edge.id}:label`,
          text: edge.label[0] ?? '',
          ...labelSize(edgeLines.get(edge.id) ?? []),
        },
      ],
    })),
  };
  elk ??= await loadElk();
  const result = await elk.layout(graph);

  const placed = new Map<string, ElkNode>();
  const ports = new Map<string, { x?: number; y?: number; width?: number; height?: number }>();
  const visit = (n: ElkNode) => {
    placed.set(n.id, n);
    for (const port of n.ports ?? []) ports.set(port.id, port);
    for (const child of n.children ?? []) visit(child);
  };
  for (const child of result.children ?? []) visit(child);
  const nodes = diagram.nodes.map((node): PlacedNode => {
    const p = placed.get(node.id);
    return {
      node,
      x: round(p?.x ?? 0),
      y: round(p?.y ?? 0),
      width: round(p?.width ?? 0),
      height: round(p?.height ?? 0),
      ports: node.adapters.map((adapter): PlacedPort => {
        const port = ports.get(adapter.id);
        return {
          adapter,
          x: round(port?.x ?? 0),
          y: round(port?.y ?? 0),
          width: round(port?.width ?? PORT_SIZE),
          height: round(port?.height ?? PORT_SIZE),
        };
      }),
      lines: node.kind === 'organization' ? [] : (lines.get(node.id) ?? []),
    };
  });
  const laidEdges = new Map((result.edges ?? []).map((e) => [e.id, e]));
  const edges = diagram.edges.map((edge): PlacedEdge => {
    const e = laidEdges.get(edge.id);
    const section = e?.sections?.[0];
    const route = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(roundPoint)
      : [];
    const points = reversed(edge, ranks) ? route.reverse() : route;
    const label = e?.labels?.[0];
    return {
      edge,
      points,
      ...(label
        ? {
            label: {
              x: round(label.x ?? 0),
              y: round(label.y ?? 0),
              lines: edgeLines.get(edge.id) ?? [],
            },
          }
        : {}),
    };
  });
  return {
    diagram,
    width: round(result.width ?? 0),
    height: round(result.height ?? 0),
    nodes,
    edges,
  };
}

/** An adapter's square on the border of its Edge's box. */
const PORT_SIZE = 8;

/** Left to right: where mail comes from, the Edges, the organization, the hosts inside it. */
const RANK: Record<DiagramNode['kind'], number> = {
  internet: 0,
  edge: 1,
  organization: 2,
  mailbox: 2,
  internal: 3,
};

function reversed(edge: DiagramEdge, ranks: ReadonlyMap<string, number>): boolean {
  return (ranks.get(edge.from) ?? 0) > (ranks.get(edge.to) ?? 0);
}

/** Coordinates to a tenth of a pixel: smaller SVG, and no floating-point noise in the goldens. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function roundPoint(p: Point): Point {
  return { x: round(p.x), y: round(p.y) };
}
