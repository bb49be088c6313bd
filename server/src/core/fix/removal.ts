import { createScanner, SyntaxKind, type Node } from 'jsonc-parser';
import type { TextEdit } from '../findings';
import type { ObjectView } from '../model/objectView';

/**
 * Removes one array element or one object property with a minimal edit: the
 * item, its comma and, when it stands on lines of its own, those lines. The
 * rest of the document keeps its layout. (jsonc-parser's `modify` reformats
 * the parent and, in 3.3.1, leaves a stray quote when it removes the last
 * element of an array, which breaks the document.)
 */
export function removeItem(text: string, item: Node): TextEdit[] {
  const parent = item.parent?.type === 'property' ? undefined : item.parent;
  const siblings = parent?.children ?? [];
  const index = siblings.indexOf(item);
  if (!parent || index < 0) return [];
  const end = item.offset + item.length;
  if (siblings.length === 1) {
    // The only item: leave an empty container.
    return [{ offset: parent.offset + 1, length: parent.length - 2, content: '' }];
  }
  if (index === siblings.length - 1) {
    // The last item: from the end of the previous one, which takes its comma along.
    const previous = siblings[index - 1] as Node;
    const start = previous.offset + previous.length;
    return [{ offset: start, length: end - start, content: '' }];
  }
  const comma = commaAfter(text, end);
  if (comma < 0) return [];
  let start = item.offset;
  let stop = comma + 1;
  while (text[stop] === ' ' || text[stop] === '\t') stop++;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, start));
  if (ownLine && (text[stop] === '\n' || text.startsWith('\r\n', stop))) {
    start = lineStart;
    stop += text[stop] === '\n' ? 1 : 2;
  }
  return [{ offset: start, length: stop - start, content: '' }];
}

/** Removes the property `key` of an object, if present. */
export function removeProperty(text: string, view: ObjectView, key: string): TextEdit[] {
  const property = view.property(key);
  return property ? removeItem(text, property) : [];
}

/** The offset of the comma that follows `offset` (skipping whitespace and comments), or -1. */
function commaAfter(text: string, offset: number): number {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.CommaToken) return scanner.getTokenOffset();
    if (
      token !== SyntaxKind.Trivia &&
      token !== SyntaxKind.LineBreakTrivia &&
      token !== SyntaxKind.LineCommentTrivia &&
      token !== SyntaxKind.BlockCommentTrivia
    ) {
      return -1;
    }
  }
  return -1;
}
