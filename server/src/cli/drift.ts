import { drift, driftFromVerification, type Finding, type ImportInput } from '../core/index';
import { parseCommandLine, UsageError } from './args';
import { parseMaxFileSize } from './check';
import type { CheckReport } from './checkedFile';
import { parseRuleFlags } from './config';
import { readInputFile } from '../exportFiles/readInputFile';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, summary } from './formatText';
import type { Output } from './output';
import { packageVersion } from './packageRoot';
import { analyseTopologyArgument } from './topologyArgument';

const FORMATS = ['text', 'json', 'sarif'] as const;

/**
 * `edgeflow drift <topology> <export.json>... [--format text|json|sarif]`:
 * where the servers differ from the topology, as findings on the topology
 * (drift-missing, drift-extra, drift-property), in check's formats and with
 * check's exit codes: 0 no difference, 1 a difference (each is an error) or
 * an error in the topology itself, 2 a usage problem or a file that cannot be
 * read. Export documents and verification scripts' -Json output may be mixed.
 * The topology's own errors are reported too: a comparison with a broken
 * file would say little.
 */
export function runDrift(args: readonly string[], output: Output): number {
  const { values, positionals } = parseCommandLine(args, {
    format: { type: 'string', default: 'text' },
    rule: { type: 'string', multiple: true, default: [] },
    'max-file-size': { type: 'string' },
  });
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be text, json or sarif, not '${values.format}'`);
  if (positionals.length < 2)
    throw new UsageError('drift takes a topology and one or more export (or verification) files');
  const [topologyPath, ...files] = positionals as [string, ...string[]];
  const problems: string[] = [];
  const exports: ImportInput[] = [];
  const verifications: {
    fileName: string;
    results: Parameters<typeof driftFromVerification>[1];
  }[] = [];
  for (const argument of files) {
    const read = readInputFile(argument, true);
    if ('problem' in read) problems.push(read.problem);
    else if (read.file.kind === 'export') exports.push(read.file.input);
    else verifications.push(read.file);
  }
  const topology = analyseTopologyArgument([topologyPath], 'drift', output, {
    flags: parseRuleFlags(values.rule),
    maxFileSize: parseMaxFileSize(values['max-file-size']),
  });
  if ('exit' in topology) return topology.exit;
  const analysis = topology.analysis;
  const findings: Finding[] = analysis.findings.filter((f) => f.severity === 'error');
  const notes: string[] = [];
  if (exports.length > 0) {
    const result = drift(analysis, exports);
    findings.push(...result.findings);
    if (result.notCompared.length > 0)
      notes.push(`not compared (no export given): ${result.notCompared.join(', ')}`);
  }
  for (const verification of verifications) {
    const result = driftFromVerification(analysis, verification.results);
    findings.push(...result.findings);
    for (const check of result.unmatched)
      notes.push(
        `${verification.fileName}: FAIL ${check.name} (expected: ${check.expected}; actual: ${check.actual})`,
      );
  }
  findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  const report: CheckReport = {
    files: [{ file: topology.file, lines: analysis.lines, findings }],
    problems,
  };
  if (format === 'json') output.out(formatJson(report, false));
  else if (format === 'sarif') output.out(formatSarif(report, process.cwd(), packageVersion()));
  else {
    output.err(problems.map((p) => `edgeflow: ${p}\n`).join(''));
    output.out(formatText(report.files, output.color));
    output.err(notes.map((n) => `edgeflow: ${n}\n`).join(''));
    output.err(`${summary(report.files)}\n`);
  }
  if (problems.length > 0) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
