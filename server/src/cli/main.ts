import { UsageError } from './args';
import { runCheck } from './check';
import { runDiagram } from './diagram';
import { runExportScript } from './exportScript';
import { runDrift } from './drift';
import { runFormat } from './format';
import { runGenerate } from './generate';
import { runImport } from './import';
import { runInit } from './init';
import { runTrace } from './trace';
import { processOutput, type Output } from './output';
import { packageVersion } from './packageRoot';

interface Command {
  /** Usage lines and description for --help; a command without them is not listed. */
  readonly usage?: string;
  readonly description?: string;
  run(args: readonly string[], output: Output): number | Promise<number>;
}

// Adding a command is one entry here (and its module).
const COMMANDS = new Map<string, Command>([
  [
    'check',
    {
      usage:
        'edgeflow check [paths...] [--fix | --fix-dry-run] [--format text|json|sarif] [--rule <code>=<severity|off>]... [--max-file-size N]',
      description: [
        'Check topology files. Each path is a file, a directory (searched recursively for',
        '*.edgeflow.json, skipping node_modules and dot-directories) or a glob; default: the',
        'current directory. A path that cannot be read is reported and the others are checked.',
        'Each file gets the rules of the nearest edgeflow.config.json (its folder or an',
        'ancestor); --rule overrides them.',
        '--fix applies every preferred quick fix, as the editor\'s "fix all" does (comments and',
        'layout kept), then reports what is left; --fix-dry-run prints the change as a unified',
        'diff on stdout instead of writing it.',
      ].join('\n'),
      run: runCheck,
    },
  ],
  [
    'format',
    {
      usage: 'edgeflow format [paths...] [--check] [--max-file-size N]',
      description: [
        'Format topology files as the editor does with its default settings: the indentation',
        'each file already has (2 spaces if none), its final line break kept, comments kept. Paths',
        'as for check. A file with syntax errors is not formatted. With --check, nothing is',
        'written: the files that would change are listed.',
      ].join('\n'),
      run: runFormat,
    },
  ],
  [
    'init',
    {
      usage: 'edgeflow init [path] [--force]',
      description: [
        'Create a topology file from the bundled Contoso example: topology.edgeflow.json, or',
        '<path>, or <path>/topology.edgeflow.json when <path> is a directory.',
      ].join('\n'),
      run: runInit,
    },
  ],
  [
    'generate',
    {
      usage:
        'edgeflow generate <topology> [--out-dir DIR] [--verify-only] [--force] [--rule <code>=<severity|off>]... [--max-file-size N]',
      description: [
        'Write the Exchange Management Shell scripts beside the topology (or into DIR, or the',
        "outputFolder of the topology's edgeflow.config.json): one",
        '<base>.<EDGE>.edge.ps1 per Edge, <base>.mailbox.ps1, and their .verify.ps1 scripts.',
        'Refuses, writing nothing, while the topology has errors or when a script was edited by',
        'hand since it was generated (--force overwrites).',
      ].join('\n'),
      run: runGenerate,
    },
  ],
  [
    'trace',
    {
      usage:
        'edgeflow trace <topology> [--from internet|internal|<server>|<ip>] [--to <address>] [--format text|json] [--rule <code>=<severity|off>]...',
      description: [
        "Follow mail through the design as Exchange would: each hop's receive connector,",
        'authentication and rights, the send connector chosen, the next server, the verdict.',
        'With --from and/or --to, the messages asked for hop by hop; without, the whole matrix',
        'of senders (the internet, an internal host, each server) and recipient classes (each',
        'accepted domain, a domain that is not accepted), one verdict each.',
      ].join('\n'),
      run: runTrace,
    },
  ],
  [
    'diagram',
    {
      usage:
        'edgeflow diagram <topology> [--from <sender> --to <address>] [--out FILE] [--rule <code>=<severity|off>]... [--max-file-size N]',
      description: [
        'Draw the mail flow as a standalone SVG (no script, no external resource): the internet,',
        'each Edge with its adapters and bindings, the Mailbox servers, every connector an arrow',
        'from sender to receiver, coloured by the severity of its findings. The picture of the',
        'editor\'s "Show Mail Flow". Written to stdout, or to FILE with --out. With --from and',
        '--to, the paths of that message stand out and a caption says how each ends.',
      ].join('\n'),
      run: runDiagram,
    },
  ],
  [
    'export-script',
    {
      usage: 'edgeflow export-script [--out FILE] [--force]',
      description: [
        'Print the read-only export script (or write it to FILE): run it in the Exchange',
        'Management Shell on each Edge and on one Mailbox server. It detects the role of the',
        'server, calls only Get-* cmdlets, reads no password, and writes',
        '<server>.edgeflow-export.json (or -OutFile): the server, its adapters, the accepted',
        'domains, the send and receive connectors with every property EdgeFlow models, the',
        'extended rights on the receive connectors and the SMTP certificates, as Exchange prints',
        'them. With --out, a file edited by hand or not written by EdgeFlow is not overwritten',
        '(--force overwrites).',
      ].join('\n'),
      run: runExportScript,
    },
  ],
  [
    'import',
    {
      usage: 'edgeflow import <export.json>... [--out FILE] [--force]',
      description: [
        'Build a topology from the documents the export script wrote on each Edge and on one',
        'Mailbox server: servers, credentials (user names only), accepted domains, connectors with',
        "every setting that differs from Exchange's default, comments saying where each came from",
        'and what was guessed. Written to stdout, or to FILE with --out (an existing FILE only with',
        "--force). The result's findings go to stderr; exit codes as check.",
      ].join('\n'),
      run: runImport,
    },
  ],
  [
    'drift',
    {
      usage:
        'edgeflow drift <topology> <export.json>... [--format text|json|sarif] [--rule <code>=<severity|off>]... [--max-file-size N]',
      description: [
        'Compare the topology with what the servers hold: export documents, or the -Json output',
        'of the verification scripts. Every difference is a finding on the topology:',
        'drift-missing (declared, not on the server), drift-extra (on the server, not declared),',
        'drift-property (both values in the message). Formats and exit codes as check.',
      ].join('\n'),
      run: runDrift,
    },
  ],
]);

function helpText(): string {
  const listed = [...COMMANDS].filter(([, command]) => command.usage !== undefined);
  const indent = (text: string) => text.replace(/^/gm, '    ');
  return `EdgeFlow ${packageVersion()}: check Exchange Edge Transport mail flow designed without EdgeSync.

Usage:
${listed.map(([, command]) => `  ${command.usage}`).join('\n')}
  edgeflow --help | -h
  edgeflow --version

Commands:
${listed.map(([name, command]) => `  ${name}\n${indent(command.description ?? '')}`).join('\n')}

Options:
  --format text|json|sarif     check: output format (default text). json has 0-based LSP
                               positions; sarif is SARIF 2.1.0 for code scanning.
                               trace: text or json.
  --from <sender>              trace, diagram: 'internet', 'internal' (a host that is no declared
                               server), a server's name or an IP address.
  --to <address>               trace, diagram: an e-mail address or a domain.
  --fix                        check: apply the preferred fixes to the files, then report
                               what is left.
  --fix-dry-run                check: print the fixes as a unified diff (stdout), the
                               findings that would be left on stderr; writes nothing.
  --rule <code>=<setting>      check, generate, trace, diagram: set a rule to error, warning,
                               information, hint or off (repeatable), over the rules of
                               edgeflow.config.json. Rules that report errors cannot be
                               turned down.
  --max-file-size N            check, generate, trace, diagram: a file longer than N characters is not analysed
                               but reported as a file-too-large error (default 5242880);
                               format: such a file is not formatted.
  --out FILE                   diagram: write the SVG to FILE instead of stdout;
                               export-script: write the script to FILE.
  --check                      format: write nothing; list the files that would be reformatted.
  --out-dir DIR                generate: where to write the scripts (created when missing),
                               over the outputFolder of edgeflow.config.json.
  --verify-only                generate: only the verification scripts.
  --force                      init: overwrite an existing file; generate, export-script:
                               overwrite scripts edited by hand.
  -h, --help                   Show this help.
  --version                    Print the version.

Configuration:
  An edgeflow.config.json in a topology's folder or its nearest ancestor folder (JSON with
  comments) is read by check, generate and trace, and by the editor:
    { "rules": { "self-signed-certificate": "off" }, "outputFolder": "generated" }
  rules: as --rule (and the editor's edgeflow.rules); --rule takes precedence per code.
  outputFolder: where generate writes, relative to the config's folder and inside it;
  --out-dir takes precedence.

Exit codes:
  0  no file has an error (warnings and information alone do not fail); format: every file
     formatted (with --check: already formatted)
  1  a file has an error (check, generate); the file already exists (init); a script was
     edited by hand (generate, export-script); a message does not get what the design needs
     (trace); a file would be reformatted (format --check)
  2  usage problem, or a path that cannot be read or written (check, format: reported after
     the other files are done); an edgeflow.config.json that cannot be read or is invalid
     (check, generate, trace, diagram); format: a file that cannot be formatted (not UTF-8 text,
     syntax errors, too large)

Examples:
  edgeflow init contoso.edgeflow.json
  edgeflow check
  edgeflow check 'sites/**/*.edgeflow.json' --rule self-signed-certificate=off
  edgeflow check . --format sarif > edgeflow.sarif
  edgeflow check --fix-dry-run examples/ > fixes.patch
  edgeflow format --check
  edgeflow generate contoso.edgeflow.json --out-dir scripts
  edgeflow trace contoso.edgeflow.json --from internet --to user@contoso.com
  edgeflow diagram contoso.edgeflow.json --out contoso.svg
  edgeflow diagram contoso.edgeflow.json --from internet --to user@contoso.com --out inbound.svg
  edgeflow export-script --out edgeflow-export.ps1
`;
}

const wantsHelp = (args: readonly string[]) => args.some((arg) => arg === '--help' || arg === '-h');

/** The command line: returns the exit code and never calls process.exit, so output is flushed. */
export async function main(argv: string[]): Promise<number> {
  const output = processOutput();
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      output.err(helpText());
      return 2;
    }
    if (first === '--help' || first === '-h') {
      output.out(helpText());
      return 0;
    }
    if (first === '--version') {
      output.out(`${packageVersion()}\n`);
      return 0;
    }
    const command = COMMANDS.get(first);
    if (!command) {
      throw new UsageError(
        first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`,
      );
    }
    // `--help` after `--` is a path, not a request for help.
    const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (wantsHelp(beforeTerminator)) {
      output.out(helpText());
      return 0;
    }
    return await command.run(rest, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`edgeflow: ${error.message}\nRun 'edgeflow --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
}
