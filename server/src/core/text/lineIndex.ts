/** A 0-based line and a 0-based column counted in UTF-16 code units (LSP's convention). */
export interface LineColumn {
  readonly line: number;
  readonly character: number;
}

/**
 * Maps offsets to lines and back. Line breaks are `\n`, `\r\n` and `\r`, as in
 * the Language Server Protocol.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /**
   * Found on first use: an analysis without findings never needs a position,
   * and scanning a large document for line breaks is a noticeable part of it.
   */
  private get lineStarts(): number[] {
    this.starts ??= lineStartsOf(this.text);
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (starts[low] ?? 0) };
  }

  offsetAt(position: LineColumn): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line] ?? 0;
    const nextStart = this.lineStarts[position.line + 1];
    // A column past the end of the line means the end of the line, before its break.
    let end = nextStart ?? this.text.length;
    if (nextStart !== undefined) {
      end--;
      if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** The offset where `line` starts (clamped to the document). */
  lineStart(line: number): number {
    return this.offsetAt({ line, character: 0 });
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
