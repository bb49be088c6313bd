import { ConfigLoader } from '../config/loadConfig';
import { analyze, type Analysis, type RuleSetting } from '../core/index';
import { MAX_FILE_SIZE_SETTING } from './check';
import { configuredFor } from './config';
import { readTopologyArgument, type SourceFile } from './files';
import type { Output } from './output';

/** The one topology of generate, trace and diagram: read, configured and analysed. */
export interface AnalysedTopology {
  /** The path as the user will recognise it. */
  readonly display: string;
  readonly file: SourceFile;
  readonly analysis: Analysis;
  /** The edgeflow.config.json's `outputFolder` (absolute), when it has one. */
  readonly outputFolder?: string;
}

export interface TopologyArgumentOptions {
  /** The command's `--rule` flags, which override the config file's rules. */
  readonly flags: Readonly<Record<string, RuleSetting>>;
  readonly maxFileSize: number | undefined;
  /** Added to a refusal, as `; nothing generated`. */
  readonly refusal?: string;
  /** The exit code for a file that is not UTF-8 text (generate counts it as an error in it). */
  readonly notTextExit?: 1 | 2;
}

/**
 * Reads the command's one topology argument, applies the nearest
 * edgeflow.config.json under the `--rule` flags, and analyses it, as the
 * editor would; or says why not and gives the exit code: 2 for an I/O problem
 * or a broken config file (which must fail CI, not half apply).
 */
export function analyseTopologyArgument(
  positionals: readonly string[],
  command: string,
  output: Output,
  options: TopologyArgumentOptions,
): AnalysedTopology | { readonly exit: number } {
  const refusal = options.refusal ?? '';
  const read = readTopologyArgument(positionals, command, output.err);
  if (!read) return { exit: 2 };
  const { display, source } = read;
  const configured = configuredFor(new ConfigLoader(), source.file.absolute, options.flags);
  if ('problem' in configured) {
    output.err(`edgeflow: ${configured.problem}${refusal}\n`);
    return { exit: 2 };
  }
  if ('invalidByte' in source) {
    output.err(
      `edgeflow: ${display}: not UTF-8 text (invalid byte at ${source.invalidByte})${refusal}\n`,
    );
    return { exit: options.notTextExit ?? 2 };
  }
  const analysis = analyze(source.text, {
    rules: configured.rules,
    maxFileSize: options.maxFileSize,
    maxFileSizeSetting: MAX_FILE_SIZE_SETTING,
  });
  return {
    display,
    file: source.file,
    analysis,
    ...(configured.outputFolder === undefined ? {} : { outputFolder: configured.outputFolder }),
  };
}
