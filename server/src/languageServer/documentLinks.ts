import type { DocumentLink } from 'vscode-languageserver';
import { findSuppressions, type Analysis } from '../core/index';
import { ruleDocumentationHref } from './convert';

/**
 * The rule codes of `edgeflow-disable-next-line` comments, each a link to
 * its rule's section of the rules documentation: a code names a
 * documentation page, and the reader of a suppression wants to know what was
 * silenced. No link without a documentation URI, or for a code that is no
 * rule (invalid-suppression reports those).
 */
export function documentLinks(analysis: Analysis, rulesDocumentationUri?: string): DocumentLink[] {
  if (!rulesDocumentationUri) return [];
  const links: DocumentLink[] = [];
  for (const comment of findSuppressions(analysis.document.text, analysis.lines)) {
    for (const { code, range } of comment.codes) {
      // Undefined for a code that is no rule (invalid-suppression reports those).
      const target = ruleDocumentationHref(rulesDocumentationUri, code);
      if (!target) continue;
      links.push({
        range: {
          start: analysis.lines.positionAt(range.start),
          end: analysis.lines.positionAt(range.end),
        },
        target,
        tooltip: `Open the documentation of ${code}`,
      });
    }
  }
  return links;
}
