import { renderTraceText, trace } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { parseMaxFileSize } from './check';
import { parseRuleFlags } from './config';
import { plural, type Output } from './output';
import { analyseTopologyArgument } from './topologyArgument';

const FORMATS = ['text', 'json'] as const;

/**
 * `edgeflow trace <topology> [--from …] [--to …] [--format text|json]`: the
 * paths of the mail-flow model. 0 when every path shown gives what the design
 * needs, 1 when one fails it, 2 on a usage or I/O problem or a broken
 * edgeflow.config.json.
 */
export function runTrace(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'text' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
  });
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const flags = parseRuleFlags(values.rule);
  // The rules decide which findings are errors, which the trace counts and names.
  const topology = analyseTopologyArgument(positionals, 'trace', output, { flags, maxFileSize });
  if ('exit' in topology) return topology.exit;
  const { display, analysis } = topology;
  const result = trace(analysis.index, { from: values.from, to: values.to });
  if (!result.ok) throw new UsageError(result.problem);
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  const failing = result.cells.filter((c) => !c.ok).length;
  if (format === 'json') {
    output.out(`${JSON.stringify({ file: display, errors, cells: result.cells }, null, 2)}\n`);
  } else {
    // One message: every hop. The whole matrix: one line per cell, and the failing path.
    const detailed = values.from !== undefined || values.to !== undefined;
    output.out(renderTraceText(result.cells, detailed));
    output.err(
      `${failing === 0 ? 'every message gets what the design needs' : `${plural(failing, 'message')} of ${result.cells.length} ${failing === 1 ? 'does' : 'do'} not get what the design needs`}\n`,
    );
  }
  if (errors > 0)
    output.err(
      `edgeflow: ${display} has ${plural(errors, 'error')} (run 'edgeflow check'): the trace follows the design as written\n`,
    );
  return failing > 0 ? 1 : 0;
}
