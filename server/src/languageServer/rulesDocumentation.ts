import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Per documentation URI, the 1-based line of each rule's `## <code>` heading; empty when unreadable. */
const headingLines = new Map<string, ReadonlyMap<string, number>>();

/**
 * The line of each rule's heading in a `file:` RULES.md, read once. VS Code
 * opens a file link at its top and ignores a `#<code>` anchor, but it selects
 * the line of a `#L<line>` fragment (the opener's `extractSelection`), so a
 * diagnostic's code link lands on the rule's section only with a line.
 */
function headingsOf(base: string): ReadonlyMap<string, number> {
  let lines = headingLines.get(base);
  if (!lines) {
    lines = readHeadings(base);
    headingLines.set(base, lines);
  }
  return lines;
}

function readHeadings(base: string): ReadonlyMap<string, number> {
  const found = new Map<string, number>();
  if (!base.startsWith('file:')) return found;
  let text: string;
  try {
    text = fs.readFileSync(fileURLToPath(base), 'utf8');
  } catch {
    // No file to count lines in: the anchor alone, which other viewers follow.
    return found;
  }
  text.split(/\r?\n/).forEach((line, index) => {
    const heading = /^## ([a-z][a-z0-9-]*)\s*$/.exec(line);
    if (heading?.[1] && !found.has(heading[1])) found.set(heading[1], index + 1);
  });
  return found;
}

/**
 * Where a rule is documented: `<base>#L<line>` for a RULES.md on disk whose
 * heading for `code` was found (VS Code lands on it), else `<base>#<code>`
 * (the heading's anchor, which a Markdown viewer or a web page follows).
 */
export function ruleDocumentationLink(base: string, code: string): string {
  const hash = base.indexOf('#');
  const document = hash >= 0 ? base.slice(0, hash) : base;
  const line = headingsOf(document).get(code);
  return line === undefined ? `${document}#${code}` : `${document}#L${line}`;
}
