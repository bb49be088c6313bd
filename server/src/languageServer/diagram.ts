import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { connectionLine, drawDiagram, messageLines } from '../core/index';
import type { CommandHandler } from './commandContext';
import type { DiagramItem, DiagramResponse } from './diagramProtocol';
import { MAX_FILE_SIZE_SETTING } from './documents';
import { readTraceRequest, traceChoices } from './trace';

/**
 * "Show Mail Flow": the diagram of an open topology, computed on the analysis
 * the server already has for the version the editor shows (no second parse),
 * laid out and rendered as `edgeflow diagram` does. It only reads, so it works
 * in untrusted and virtual workspaces.
 */
export const diagramCommand: CommandHandler = async (args, context): Promise<DiagramResponse> => {
  const [uri, options] = args;
  const request = readTraceRequest(options);
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
  const asked =
    request.from !== undefined && request.to !== undefined
      ? { from: request.from, to: request.to }
      : undefined;
  let drawn = await drawDiagram(state.analysis, asked);
  // A sender or recipient the model does not know: the picture without it, and why.
  const messageProblem = drawn.ok ? undefined : drawn.problem;
  if (!drawn.ok) drawn = await drawDiagram(state.analysis);
  if (!drawn.ok) return { ok: false, problem: drawn.problem };
  const { diagram, svg } = drawn;
  const shown = diagram.message;
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
    ...(asked && shown
      ? {
          message: {
            ...asked,
            ok: shown.ok,
            lines: messageLines(shown),
            onPath: [...new Set(shown.paths.flatMap((p) => [...p.nodes, ...p.edges]))],
          },
        }
      : {}),
    ...(messageProblem === undefined ? {} : { messageProblem }),
    ...traceChoices(state.analysis.index),
  };
};
