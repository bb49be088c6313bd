import * as path from 'node:path';
import { RULES, type LineIndex, type OffsetRange, type Rule, type Severity } from '../core/index';
import type { CheckedFile } from './checkedFile';

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
 * code units (SARIF's default column kind, stated explicitly).
 */
export function formatSarif(files: readonly CheckedFile[], cwd: string, version: string): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
  const results = files.flatMap(({ file, lines, findings }) => {
    const artifact = artifactLocation(file.absolute, cwd);
    return findings.map((finding) => {
      const index = ruleIndex.get(finding.code);
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
      };
    });
  });
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
            rules: RULES.map(descriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: Rule) {
  return {
    id: rule.code,
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
  const start = lines.positionAt(range.start);
  const end = lines.positionAt(range.end);
  return {
    artifactLocation,
    region: {
      startLine: start.line + 1,
      startColumn: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    },
  };
}
