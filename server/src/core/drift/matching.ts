import type { Node } from 'jsonc-parser';
import type { Server } from '../model/topology';
import { nameKey } from '../model/topologyIndex';

/** What the drift modules share: names matched as Exchange matches them (without case), and where a server's findings go. */
export const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && nameKey(a) === nameKey(b);

export function label(kind: string, name: string, where: string): string {
  return `${kind} "${name}" on ${where}`;
}

export function serverNode(server: Server): Node {
  return server.name?.node ?? server.view.node;
}
