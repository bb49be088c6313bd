import { analyze, type Finding } from '../../server/src/core';
import { LineIndex } from '../../server/src/core/text/lineIndex';

/**
 * Every finding of a text as a user meets it, one per line: range
 * (line:column, 1-based), severity, code and message, then its related
 * locations, suggestion, and each fix with its title and edits. For golden
 * files (test/golden/findings, test/golden/schema).
 */
export function describeFindings(text: string): string {
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const span = (range: Finding['range']) => `${at(range.start)}-${at(range.end)}`;
  const out: string[] = [];
  for (const f of analyze(text).findings) {
    out.push(`${span(f.range)} ${f.severity} ${f.code}: ${f.message}`);
    for (const r of f.related ?? []) out.push(`  related ${span(r.range)}: ${r.message}`);
    if (f.suggestion !== undefined) out.push(`  suggestion: ${f.suggestion}`);
    for (const fix of f.fixes?.() ?? []) {
      out.push(`  fix${fix.isPreferred ? ' (preferred)' : ''}: ${fix.title}`);
      for (const e of fix.edits)
        out.push(`    ${at(e.offset)}+${e.length} ${JSON.stringify(e.content)}`);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '(no findings)\n';
}
