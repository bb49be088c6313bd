import type { TopologyIndex } from '../model/topologyIndex';
import { mailFlow, needOf, type Need } from './mailFlow';
import type { RecipientClass, Sender } from './messages';
import type { MailPath } from './paths';

/**
 * The paths that do not give what the design needs, each with the code of
 * the design rule that reports it. Every cell of the matrix is computed but
 * an internal host writing to an accepted domain, which needs nothing.
 */
export type FlowCode = 'open-relay' | 'internal-relay' | 'no-route' | 'mail-loop' | 'hop-refused';

/** A sender and a recipient class, and what the design needs of their messages. */
export interface CellKey {
  readonly sender: Sender;
  readonly recipient: RecipientClass;
  readonly need: Need;
}

export interface Unmet {
  readonly code: FlowCode;
  readonly cell: CellKey;
  readonly path: MailPath;
}

const UNMET = {};

export function unmetPaths(index: TopologyIndex): readonly Unmet[] {
  return index.memo(UNMET, () => computeUnmet(index));
}

export function unmetOf(index: TopologyIndex, code: FlowCode): Unmet[] {
  return unmetPaths(index).filter((u) => u.code === code);
}

function computeUnmet(index: TopologyIndex): Unmet[] {
  const flow = mailFlow(index);
  const result: Unmet[] = [];
  for (const sender of flow.senders()) {
    for (const recipient of flow.recipients()) {
      if (sender.kind === 'internal' && recipient.kind !== 'NotAccepted') continue;
      // An Edge's own messages (reports, bounces) take, after the Edge, the paths of the
      // internet's and the organization's: every hop they use is checked there.
      if (sender.kind === 'edge') continue;
      // A Mailbox server delivers its own Authoritative domains: nothing to follow.
      if (sender.kind === 'mailbox' && recipient.kind === 'Authoritative') continue;
      const paths = flow.failingPaths(sender, recipient);
      if (paths.length === 0) continue;
      const cell = { sender, recipient, need: needOf(sender.kind, recipient.kind) };
      for (const path of paths) {
        const code = codeOf(cell, path);
        if (code) result.push({ code, cell, path });
      }
    }
  }
  return result;
}

function codeOf(cell: CellKey, path: MailPath): FlowCode | undefined {
  const verdict = path.verdict.kind;
  if (cell.need === 'refused')
    return cell.sender.kind === 'internet' ? 'open-relay' : 'internal-relay';
  switch (verdict) {
    case 'loop':
      return 'mail-loop';
    case 'refused':
      return 'hop-refused';
    case 'no-route':
    case 'internet':
      return 'no-route';
    default:
      return undefined;
  }
}
