import * as fs from 'node:fs';
import { ConfigLoader } from '../config/loadConfig';
import { analyze, diagramSvg } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { MAX_FILE_SIZE_SETTING, parseMaxFileSize } from './check';
import { configuredFor, parseRuleFlags } from './config';
import { describeError, readTopologyArgument, shownPath } from './files';
import { plural, type Output } from './output';

/**
 * `edgeflow diagram <topology> [--out flow.svg]`: the mail-flow diagram as a
 * standalone SVG, the picture the editor's "Show Mail Flow" shows. Drawn
 * whatever the findings (they colour it); 0 when written, 2 on a usage or
 * I/O problem or a broken edgeflow.config.json.
 */
export async function runDiagram(args: readonly string[], output: Output): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
  });
  if (values.out === '') throw new UsageError('--out needs a file name');
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const flags = parseRuleFlags(values.rule);
  const read = readTopologyArgument(positionals, 'diagram', output.err);
  if (!read) return 2;
  const { display, source } = read;
  // The configured rules decide the severities the picture shows, as in the editor.
  const configured = configuredFor(new ConfigLoader(), source.file.absolute, flags);
  if ('problem' in configured) {
    output.err(`edgeflow: ${configured.problem}\n`);
    return 2;
  }
  if ('invalidByte' in source) {
    output.err(`edgeflow: ${display}: not UTF-8 text (invalid byte at ${source.invalidByte})\n`);
    return 2;
  }
  const analysis = analyze(source.text, {
    rules: configured.rules,
    maxFileSize,
    maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
  });
  const svg = await diagramSvg(analysis);
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
