import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { buildDiagram, connectionLine, layoutDiagram, renderSvg } from '../core/index';
import type { CommandHandler } from './commandContext';
import type { DiagramItem, DiagramResponse } from './diagramProtocol';
import { MAX_FILE_SIZE_SETTING } from './documents';

/**
 * "Show Mail Flow": the diagram of an open topology, computed on the analysis
 * the server already has for the version the editor shows (no second parse),
 * laid out and rendered as `edgeflow diagram` does. It only reads, so it works
 * in untrusted and virtual workspaces.
 */
export const diagramCommand: CommandHandler = async (args, context): Promise<DiagramResponse> => {
  const [uri] = args;
  if (typeof uri !== 'string') {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'EdgeFlow: the first argument must be the topology document URI.',
    );
  }
  const state = context.documents.get(uri);
  if (!state)
    return { ok: false, problem: `${uri} is not an open EdgeFlow topology: open it first.` };
  if (state.kind === 'too-large') {
    return {
      ok: false,
      problem: `the topology is larger than the ${MAX_FILE_SIZE_SETTING} allows, so it is not drawn.`,
    };
  }
  const diagram = buildDiagram(state.analysis);
  const svg = renderSvg(await layoutDiagram(diagram));
  const titles = new Map(diagram.nodes.map((n) => [n.id, n.title]));
  const item = (
    id: string,
    text: string,
    range: { start: number; end: number } | undefined,
    severity: string | undefined,
  ): DiagramItem => ({
    id,
    text,
    ...(range ? { start: range.start, end: range.end } : {}),
    ...(severity ? { severity } : {}),
  });
  return {
    ok: true,
    svg,
    title: diagram.title,
    nodes: diagram.nodes.map((n) =>
      item(n.id, `${n.kind === 'organization' ? '' : `${n.kind} `}${n.title}`, n.range, n.severity),
    ),
    connections: diagram.edges.map((e) =>
      item(e.id, connectionLine(e, titles), e.range, e.severity),
    ),
    version: state.document.version,
  };
};
