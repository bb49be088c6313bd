/** Where a command writes. Kept as an object so commands never touch `process` streams directly. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout may carry ANSI colours (a terminal, and NO_COLOR unset). */
  readonly color: boolean;
}

export function processOutput(): Output {
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  const noColor = (process.env['NO_COLOR'] ?? '') !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !noColor,
  };
}

/** "1 file", "2 files". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
