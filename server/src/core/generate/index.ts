import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import type { Topology } from '../model/topology';
import type { TopologyIndex } from '../model/topologyIndex';
import { GenerationContext } from './context';
import { edgeScript } from './edgeScript';
import {
  edgeScriptName,
  edgeVerifyScriptName,
  mailboxScriptName,
  mailboxVerifyScriptName,
  safeFileNameComponent,
} from './fileNames';
import { mailboxScript } from './mailboxScript';
import { edgeVerifyScript, mailboxVerifyScript } from './verifyScript';

export { BYTE_ORDER_MARK, CONTENT_HASH_PLACEHOLDER, CONTENT_HASH_PREFIX } from './scriptWriter';
export { safeFileNameComponent } from './fileNames';

/** `export`: the export script (export/exportScript.ts), which no topology produces. */
export type ScriptKind = 'edge' | 'mailbox' | 'edge-verify' | 'mailbox-verify' | 'export';

export interface GeneratedFile {
  /** A bare file name (no directory), safe on Windows and POSIX. */
  readonly fileName: string;
  /**
   * The script: a UTF-8 byte-order mark, then LF-terminated lines. Line 1 is
   * `# EdgeFlow-Content-Hash: <PLACEHOLDER>`; the placeholder occurs there
   * first, so replacing its first occurrence fills in the hash.
   */
  readonly content: string;
  /** The Edge server, as written in the topology, for the Edge scripts. */
  readonly server?: string;
  readonly kind: ScriptKind;
}

export type GenerationResult =
  | { readonly ok: false; readonly errors: readonly Finding[] }
  | { readonly ok: true; readonly files: readonly GeneratedFile[] };

export interface GenerationOptions {
  /** Only the verification scripts. */
  readonly verifyOnly?: boolean;
}

/**
 * The scripts of SPEC §3 for an analysed topology, or the errors that stop
 * generation: nothing is generated while any finding is an error. `baseName`
 * is the topology file name without `.edgeflow.json` (for example `contoso`).
 * Pure and deterministic: same analysis, same files, same bytes, in topology
 * order (each Edge, then the organization; connector scripts before
 * verification scripts).
 */
export function generateScripts(
  analysis: Pick<Analysis, 'topology' | 'index' | 'findings'>,
  baseName: string,
  options: GenerationOptions = {},
): GenerationResult {
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, files: renderScripts(analysis.topology, analysis.index, baseName, options) };
}

/**
 * The scripts without the error check. Exported for tests that exercise the
 * generator on topologies other rules may still object to; callers use
 * generateScripts.
 */
export function renderScripts(
  topology: Topology,
  index: TopologyIndex,
  baseName: string,
  options: GenerationOptions = {},
): GeneratedFile[] {
  const base = safeFileNameComponent(baseName);
  const context = new GenerationContext(topology, index, baseName);
  const files: GeneratedFile[] = [];
  if (!options.verifyOnly) {
    for (const edge of context.edges) {
      files.push({
        fileName: edgeScriptName(base, edge.fileComponent),
        content: edgeScript(context, edge),
        server: edge.name,
        kind: 'edge',
      });
    }
    files.push({
      fileName: mailboxScriptName(base),
      content: mailboxScript(context),
      kind: 'mailbox',
    });
  }
  for (const edge of context.edges) {
    files.push({
      fileName: edgeVerifyScriptName(base, edge.fileComponent),
      content: edgeVerifyScript(context, edge),
      server: edge.name,
      kind: 'edge-verify',
    });
  }
  files.push({
    fileName: mailboxVerifyScriptName(base),
    content: mailboxVerifyScript(context),
    kind: 'mailbox-verify',
  });
  return files;
}
