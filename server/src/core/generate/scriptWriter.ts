import { commentText } from './powershell';

/**
 * The first line of every generated script. The CLI replaces the placeholder
 * (its first occurrence, which is always on this line) with the SHA-256 of the
 * script as generated, placeholder included, and compares again before it
 * overwrites a file: a mismatch means the file was edited by hand.
 */
export const CONTENT_HASH_PLACEHOLDER = '<PLACEHOLDER>';
export const CONTENT_HASH_PREFIX = '# EdgeFlow-Content-Hash: ';

/**
 * Windows PowerShell 5.1, which runs the Exchange Management Shell, reads a
 * script without a byte-order mark in the ANSI code page. There the UTF-8
 * bytes of many non-ASCII characters (0x91 and 0x92 are common continuation
 * bytes) decode to U+2018 and U+2019, which PowerShell treats as single
 * quotes: a name such as "Ò" would end a literal. The BOM makes PowerShell
 * read the script as UTF-8, which is what the quoting assumes.
 */
export const BYTE_ORDER_MARK = '\uFEFF';

/** Comment text is wrapped to this many columns, indentation and `# ` included. */
const COMMENT_WIDTH = 98;

/** Splits a paragraph into lines of at most `width - 2` characters, at spaces. */
function wrap(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of paragraph.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width - 2) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines;
}

/** Builds script text line by line: four-space indentation, LF line endings. */
export class ScriptWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '    '.repeat(this.depth) + text);
    return this;
  }

  /**
   * Comment lines of generic text (never a topology value: see commentText).
   * Each text is a paragraph, wrapped at the comment width; '' is an empty
   * comment line between paragraphs.
   */
  comment(...paragraphs: string[]): this {
    for (const paragraph of paragraphs) {
      if (paragraph === '') {
        this.line('#');
        continue;
      }
      for (const text of wrap(commentText(paragraph), COMMENT_WIDTH - 4 * this.depth))
        this.line(`# ${text}`);
    }
    return this;
  }

  /** `opening {`, the body one level deeper, then `}`. */
  block(opening: string, body: () => void): this {
    return this.group(`${opening} {`, body, '}');
  }

  /** The opening line, the body one level deeper, then the closing line. */
  group(opening: string, body: () => void, closing: string): this {
    this.line(opening);
    this.depth++;
    body();
    this.depth--;
    return this.line(closing);
  }

  /** `if (...) { } elseif (...) { } else { }` written from a list of branches. */
  branches(branches: readonly { readonly head: string; readonly body: () => void }[]): this {
    branches.forEach((branch, index) => {
      this.line(index === 0 ? `${branch.head} {` : `} ${branch.head} {`);
      this.depth++;
      branch.body();
      this.depth--;
    });
    return this.line('}');
  }

  /** The script: a byte-order mark, the lines without trailing empty ones, a final LF. */
  text(): string {
    let end = this.lines.length;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent; at end 0, lines[-1] is undefined, not '', and ends the loop as well
    while (end > 0 && this.lines[end - 1] === '') end--;
    return BYTE_ORDER_MARK + this.lines.slice(0, end).join('\n') + '\n';
  }
}
