import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import type { Finding } from '../findings';
import type { Rule } from './rule';

const TRIVIA: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.Trivia,
  SyntaxKind.LineBreakTrivia,
  SyntaxKind.LineCommentTrivia,
  SyntaxKind.BlockCommentTrivia,
]);

/**
 * Whether the text holds nothing but white space and closed comments, read by
 * jsonc-parser's own scanner: a line comment ends where the parser ends it (at
 * a CR too), and the time is linear in the text. (A regular expression did
 * this once, and backtracked exponentially over comments holding URLs.)
 */
function onlyTrivia(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (!TRIVIA.has(kind) || scanner.getTokenError() !== ScanError.None) return false;
  }
  return true;
}

export const jsonSyntax: Rule = {
  code: 'json-syntax',
  severity: 'error',
  summary: 'The text is not valid JSON with comments (JSONC).',
  description: [
    'A topology is JSON in which `//` and `/* */` comments and trailing commas are allowed. A syntax error',
    'is reported where the parser stopped; the rest of the file is still analysed as far as it can be read,',
    'so a half-typed file keeps its other diagnostics. A file that is not UTF-8 text, is empty, nests',
    'absurdly deep (over 200 levels) or has an absurdly long list (over 10,000 items) is reported here too.',
  ].join('\n'),
  bad: '{ "version": 1, "organization": { "name": "Contoso" "acceptedDomains": [] } }',
  good: '{ "version": 1, "organization": { "name": "Contoso", "acceptedDomains": [], }, }',
  sources: 'SPEC §1 (JSONC, trailing commas tolerated).',
  check(context) {
    const { text, problems } = context.document;
    if (onlyTrivia(text.replace(/^\uFEFF/, ''))) {
      context.report({
        target: { start: 0, end: Math.min(text.length, 1) },
        message:
          'The file is empty: a topology is a JSON object such as { "version": 1, "organization": {...}, "servers": [...] }.',
      });
      return;
    }
    if (text.includes('\u0000')) {
      const at = text.indexOf('\u0000');
      context.report({
        target: { start: at, end: at + 1 },
        message: 'The file contains NUL characters: it is binary data, not a topology.',
      });
      return;
    }
    for (const problem of problems)
      context.report({ target: problem.range, message: problem.message });
  },
};

/**
 * The finding for bytes that are not UTF-8 text. Decoding happens in the
 * adapters (the core never sees bytes); they report it with this.
 */
export function notTextFinding(byteOffset: number): Finding {
  return {
    code: jsonSyntax.code,
    severity: 'error',
    message: `The file is not UTF-8 text (invalid byte sequence at byte ${byteOffset}); save it as UTF-8.`,
    range: { start: 0, end: 0 },
  };
}
