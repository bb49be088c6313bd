import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  fixesOf,
  RULES,
  COMPARISON_CODES,
  type ComparisonCode,
  type Finding,
  type LineIndex,
  type OffsetRange,
  type Rule,
  type Severity,
} from '../core/index';
import type { CheckReport } from './checkedFile';
import { packageDir } from './packageRoot';

const INFORMATION_URI =
  'https://learn.microsoft.com/exchange/architecture/edge-transport-servers/configure-without-edgesync';

type Level = 'error' | 'warning' | 'note';

function level(severity: Severity): Level {
  return severity === 'error' || severity === 'warning' ? severity : 'note';
}

/**
 * A SARIF 2.1.0 log that GitHub code scanning accepts: every rule described
 * once in the driver, results pointing at files relative to the checkout
 * root (%SRCROOT%), regions 1-based with exclusive end columns in UTF-16
 * code units (SARIF's default column kind, stated explicitly). Each result
 * carries its quick fixes (§3.55: `fixes` of `artifactChanges`); a file that
 * could not be read, and an argument that named none, is a tool execution
 * notification of a run that did not succeed (§3.20).
 */
export function formatSarif(report: CheckReport, cwd: string, version: string): string {
  // The codes of drift and import follow the rules, so that their results name a descriptor too.
  const codes = [...RULES.map((rule) => rule.code), ...COMPARISON_CODES.map((c) => c.code)];
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  const results = report.files.flatMap(({ file, lines, findings }) => {
    const artifact = artifactLocation(file.absolute, cwd);
    return findings.map((finding) => {
      const index = ruleIndex.get(finding.code);
      const fixes = sarifFixes(finding, artifact, lines);
      return {
        ruleId: finding.code,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: level(finding.severity),
        message: { text: finding.message },
        locations: [{ physicalLocation: physicalLocation(artifact, lines, finding.range) }],
        ...(finding.related && finding.related.length > 0
          ? {
              relatedLocations: finding.related.map((related, id) => ({
                id,
                physicalLocation: physicalLocation(artifact, lines, related.range),
                message: { text: related.message },
              })),
            }
          : {}),
        ...(fixes.length > 0 ? { fixes } : {}),
      };
    });
  });
  const notifications = [
    ...report.problems.map((problem) => ({ level: 'error', message: { text: problem } })),
    ...report.files.flatMap(({ file, error }) =>
      error === undefined
        ? []
        : [
            {
              level: 'error',
              message: { text: `${file.display}: ${error}` },
              locations: [
                { physicalLocation: { artifactLocation: artifactLocation(file.absolute, cwd) } },
              ],
            },
          ],
    ),
  ];
  const rulesDocument = rulesDocumentUri();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'EdgeFlow',
            informationUri: INFORMATION_URI,
            version,
            rules: [
              ...RULES.map((rule) => descriptor(rule, rulesDocument)),
              ...COMPARISON_CODES.map((code) => comparisonDescriptor(code, rulesDocument)),
            ],
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifFixes(finding: Finding, artifact: ArtifactLocation, lines: LineIndex) {
  // A SARIF fix changes an artifact (§3.56.3: at least one replacement): drift's "keep the file"
  // where the file already says so edits nothing, and has no place here.
  return fixesOf(finding)
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: artifact,
          replacements: fix.edits.map((edit) => ({
            // An insertion is an empty region (§3.57.3).
            deletedRegion: region(lines, { start: edit.offset, end: edit.offset + edit.length }),
            insertedContent: { text: edit.content },
          })),
        },
      ],
    }));
}

/**
 * Where each rule is documented: the RULES.md installed with this command
 * (the repository has no public address to point to), or none when the
 * package was installed without it.
 */
function rulesDocumentUri(): string | undefined {
  const file = path.join(packageDir(), 'RULES.md');
  return fs.existsSync(file) ? pathToFileURL(file).href : undefined;
}

function comparisonDescriptor(code: ComparisonCode, rulesDocument: string | undefined) {
  return {
    id: code.code,
    ...(rulesDocument === undefined ? {} : { helpUri: `${rulesDocument}#${code.code}` }),
    shortDescription: { text: code.summary },
    fullDescription: { text: code.description },
    help: {
      text: `${code.description}\n\n${code.fixes}`,
      markdown: `${code.description}\n\n${code.fixes}`,
    },
    defaultConfiguration: { level: level(code.severity) },
  };
}

function descriptor(rule: Rule, rulesDocument: string | undefined) {
  return {
    id: rule.code,
    // RULES.md's headings are the codes, so the anchor is the code itself.
    ...(rulesDocument === undefined ? {} : { helpUri: `${rulesDocument}#${rule.code}` }),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\nTriggers the rule:\n${rule.bad}\n\nRepaired:\n${rule.good}`,
      markdown: `${rule.description}\n\n**Triggers the rule**\n\n${fence(rule.bad)}\n\n**Repaired**\n\n${fence(rule.good)}`,
    },
    defaultConfiguration: { level: level(rule.severity) },
  };
}

function fence(code: string): string {
  // A fence longer than any backtick run inside the example.
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}jsonc\n${code}\n${ticks}`;
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/** Relative to the working directory (the checkout root in CI), with forward slashes, URI-encoded. */
function artifactLocation(absolute: string, cwd: string): ArtifactLocation {
  const relative = path.relative(cwd, absolute);
  if (path.isAbsolute(relative)) {
    // Another drive on Windows: only an absolute file URI can say where it is.
    return {
      uri: `file:///${absolute
        .split(path.sep)
        .map(encodeURIComponent)
        .join('/')
        .replace(/^([A-Za-z])%3A/, '$1:')}`,
    };
  }
  return {
    uri: relative.split(path.sep).map(encodeURIComponent).join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

function physicalLocation(
  artifactLocation: ArtifactLocation,
  lines: LineIndex,
  range: OffsetRange,
) {
  return { artifactLocation, region: region(lines, range) };
}

function region(lines: LineIndex, range: OffsetRange) {
  const start = lines.positionAt(range.start);
  const end = lines.positionAt(range.end);
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}
