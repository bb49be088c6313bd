import type { TopologyIndex } from '../model/topologyIndex';
import { mailFlow, meets, type Cell } from './mailFlow';
import type { MailPath } from './paths';

/**
 * The paths that do not give what the design needs, each with the code of
 * the design rule that reports it. Every cell of the matrix is computed but
 * an internal host writing to an accepted domain, which needs nothing.
 */
export type FlowCode = 'open-relay' | 'internal-relay' | 'no-route' | 'mail-loop' | 'hop-refused';

export interface Unmet {
  readonly code: FlowCode;
  readonly cell: Cell;
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
      // A Mailbox server delivers its own Authoritative domains: nothing to follow.
      if (sender.kind === 'mailbox' && recipient.kind === 'Authoritative') continue;
      const cell = flow.cell(sender, recipient);
      for (const path of cell.paths) {
        if (meets(cell.need, path.verdict)) continue;
        const code = codeOf(cell, path);
        if (code) result.push({ code, cell, path });
      }
    }
  }
  return result;
}

function codeOf(cell: Cell, path: MailPath): FlowCode | undefined {
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
