import * as fs from 'node:fs';
import { drawDiagram } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { parseMaxFileSize } from './check';
import { parseRuleFlags } from './config';
import { describeError, shownPath } from './files';
import { plural, type Output } from './output';
import { analyseTopologyArgument } from './topologyArgument';

/**
 * `edgeflow diagram <topology> [--from SENDER --to RECIPIENT] [--out flow.svg]`:
 * the mail-flow diagram as a standalone SVG, the picture the editor's "Show
 * Mail Flow" shows; with --from and --to, one message's paths stand out and a
 * caption says how each ends (as `edgeflow trace` does). Drawn whatever the
 * findings (they colour it); 0 when written, 2 on a usage or I/O problem, a
 * sender or recipient the model does not know, or a broken edgeflow.config.json.
 */
export async function runDiagram(args: readonly string[], output: Output): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
  });
  if (values.out === '') throw new UsageError('--out needs a file name');
  if ((values.from === undefined) !== (values.to === undefined))
    throw new UsageError('--from and --to go together: the message whose paths are shown');
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const flags = parseRuleFlags(values.rule);
  // The configured rules decide the severities the picture shows, as in the editor.
  const topology = analyseTopologyArgument(positionals, 'diagram', output, { flags, maxFileSize });
  if ('exit' in topology) return topology.exit;
  const { display, analysis } = topology;
  const drawn = await drawDiagram(
    analysis,
    values.from !== undefined && values.to !== undefined
      ? { from: values.from, to: values.to }
      : undefined,
  );
  if (!drawn.ok) {
    output.err(`edgeflow: ${drawn.problem}\n`);
    return 2;
  }
  const { svg } = drawn;
  if (values.out === undefined) output.out(svg);
  else {
    try {
      fs.writeFileSync(values.out, svg);
    } catch (error) {
      output.err(`edgeflow: ${shownPath(values.out)}: ${describeError(error)}\n`);
      return 2;
    }
    output.err(`wrote ${shownPath(values.out)}\n`);
  }
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  if (errors > 0)
    output.err(
      `edgeflow: ${display} has ${plural(errors, 'error')} (run 'edgeflow check'): the diagram shows the design as written\n`,
    );
  return 0;
}
