import * as path from 'node:path';

const TOPOLOGY_SUFFIX = '.edgeflow.json';

/**
 * `contoso.edgeflow.json` → `contoso`: the base of every script name, the same
 * for the CLI and the editor so both write the same files.
 */
export function baseNameOf(topologyPath: string): string {
  const name = path.basename(topologyPath);
  if (name.endsWith(TOPOLOGY_SUFFIX)) return name.slice(0, -TOPOLOGY_SUFFIX.length);
  return name.replace(/\.jsonc?$/i, '');
}
