import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import {
  mailFlow,
  recipientLabel,
  renderTraceText,
  trace,
  type TopologyIndex,
} from '../core/index';
import type { CommandContext, CommandHandler } from './commandContext';
import { MAX_FILE_SIZE_SETTING } from './documents';
import type { TraceChoice, TraceChoices, TraceRequest, TraceResponse } from './traceProtocol';

/**
 * The mail-trace commands: the core's trace of an open topology, at the
 * version the editor shows (unsaved changes included). They only read, so
 * they work in untrusted and virtual workspaces alike. The mail-flow model is
 * memoized on the analysis, so a trace after a hover (or a second trace)
 * reuses the paths already followed.
 */

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** The index of the open topology `uri`, or the problem that keeps it from being traced. */
function indexOf(
  uri: unknown,
  context: CommandContext,
): { index: TopologyIndex } | { problem: string } {
  if (typeof uri !== 'string') {
    throw invalidParams('EdgeFlow: the first argument must be the topology document URI.');
  }
  const state = context.documents.get(uri);
  if (!state) return { problem: `${uri} is not an open EdgeFlow topology: open it first.` };
  if (state.kind === 'too-large') {
    return {
      problem: `the topology is larger than the ${MAX_FILE_SIZE_SETTING} allows, so it is not analysed.`,
    };
  }
  return { index: state.analysis.index };
}

/** `{ from?, to? }` as a client sends it; a wrong type is the client's bug, an InvalidParams error. */
export function readTraceRequest(value: unknown): TraceRequest {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object')
    throw invalidParams('EdgeFlow: the trace options must be an object.');
  const { from, to } = value as Record<string, unknown>;
  const text = (v: unknown, name: string): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw invalidParams(`EdgeFlow: '${name}' must be a string.`);
    return v;
  };
  return { from: text(from, 'from'), to: text(to, 'to') };
}

export const traceCommand: CommandHandler = (args, context): TraceResponse => {
  const [uri, options] = args;
  const request = readTraceRequest(options);
  const found = indexOf(uri, context);
  if ('problem' in found) return { ok: false, problem: found.problem };
  const result = trace(found.index, request);
  if (!result.ok) return { ok: false, problem: result.problem };
  return {
    ok: true,
    text: renderTraceText(result.cells, true),
    failing: result.cells.filter((cell) => !cell.ok).length,
    cells: result.cells.length,
  };
};

export const traceChoicesCommand: CommandHandler = (args, context): TraceChoices => {
  const found = indexOf(args[0], context);
  if ('problem' in found) return { ok: false, problem: found.problem };
  return { ok: true, ...traceChoices(found.index) };
};

/** Whom a message can come from and go to in this topology: the pickers' items. */
export function traceChoices(index: TopologyIndex): {
  senders: TraceChoice[];
  recipients: TraceChoice[];
} {
  const flow = mailFlow(index);
  const senders = flow.senders().map((sender): TraceChoice => {
    switch (sender.kind) {
      case 'internet':
        return { value: 'internet', label: 'the internet', description: 'any internet host' };
      case 'internal':
        return {
          value: 'internal',
          label: 'an internal host',
          description: 'a host of the organization that is no declared server',
        };
      default:
        return {
          value: sender.server?.name?.value ?? '',
          label: sender.server?.name?.value ?? '',
          description: sender.kind === 'edge' ? 'Edge Transport server' : 'Mailbox server',
        };
    }
  });
  const recipients = flow.recipients().map((recipient): TraceChoice => ({
    value: recipient.address,
    label: recipient.address,
    description: recipientLabel(recipient).slice(recipient.address.length + 1),
  }));
  return { senders, recipients };
}
