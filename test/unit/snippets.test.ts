import * as assert from 'node:assert/strict';
import { modify, parse, parseTree, findNodeAtLocation, type ParseError } from 'jsonc-parser';
import { analyze, applyEdits, type Analysis } from '../../server/src/core';
import { describeFinding } from '../support/fixtures';
import { readRepoFile, referenceTopology } from '../support/repo';

/**
 * The snippets of `snippets/edgeflow.code-snippets`, expanded with their
 * default placeholders as VS Code would insert them before the user types
 * anything, must produce no error and no warning (SPEC §4).
 *
 * The piece snippets (a server, a credential, a connector) default to the
 * reference design's own values (EDGE01, 10.1.1.1, MBX01, …), so that the
 * pieces fit each other in a new file. Added next to the reference's object
 * of the same name they would only duplicate it, so each is checked in the
 * reference in place of that object, and all of them together in a topology
 * built from nothing but the snippets.
 */

interface Snippet {
  readonly prefix: string;
  readonly body: readonly string[];
  readonly description: string;
}

const SNIPPETS_FILE = readRepoFile('snippets', 'edgeflow.code-snippets');
const SNIPPETS = JSON.parse(SNIPPETS_FILE) as Record<string, Snippet>;

function snippet(prefix: string): Snippet {
  const found = Object.values(SNIPPETS).find((s) => s.prefix === prefix);
  if (!found) throw new Error(`no snippet with prefix ${prefix}`);
  return found;
}

// ---------------------------------------------------------------------------
// A small expander for the part of the TextMate/VS Code snippet syntax the
// snippets use: `$1`, `${1}`, `${1:default}` (nested placeholders allowed),
// `${1|first,second|}` (takes the first choice), `$0`, and the escapes `\$`,
// `\}`, `\\` (in choices also `\,` and `\|`). A backslash before anything else
// stays a backslash, as in VS Code. Variables (`$TM_FILENAME`) are refused, so a
// snippet cannot start using syntax this test does not understand.

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly parts?: readonly Part[] };

class SnippetParser {
  private position = 0;
  readonly defaults = new Map<number, readonly Part[]>();

  constructor(private readonly source: string) {}

  parse(): Part[] {
    const parts = this.parseParts('');
    if (this.position < this.source.length) this.fail('unexpected }');
    return parts;
  }

  /** Parts up to (not including) an unescaped character of `stops`. */
  private parseParts(stops: string): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (stops.includes(char)) break;
      if (char === '\\') {
        const next = this.source[this.position + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.position += 2;
        } else {
          text += char;
          this.position++;
        }
      } else if (char === '$') {
        flush();
        parts.push(this.parseDollar());
      } else {
        text += char;
        this.position++;
      }
    }
    flush();
    return parts;
  }

  private parseDollar(): Part {
    this.position++; // $
    const digits = /^\d+/.exec(this.source.slice(this.position));
    if (digits) {
      this.position += digits[0].length;
      return { kind: 'tabstop', index: Number(digits[0]) };
    }
    if (this.source[this.position] !== '{') this.fail('a variable or a lone $');
    this.position++; // {
    const index = /^\d+/.exec(this.source.slice(this.position));
    if (!index) this.fail('a variable');
    this.position += index[0].length;
    const tabstop = Number(index[0]);
    const next = this.source[this.position];
    if (next === '}') {
      this.position++;
      return { kind: 'tabstop', index: tabstop };
    }
    let parts: Part[];
    if (next === ':') {
      this.position++;
      parts = this.parseParts('}');
    } else if (next === '|') {
      this.position++;
      parts = [{ kind: 'text', text: this.parseChoices()[0] ?? '' }];
      if (this.source[this.position] !== '|') this.fail('| closing the choices');
      this.position++;
    } else {
      this.fail('`:`, `|` or `}` after the tab stop number');
    }
    if (this.source[this.position] !== '}') this.fail('}');
    this.position++;
    // The first placeholder of an index with a value defines it for all of them.
    if (!this.defaults.has(tabstop)) this.defaults.set(tabstop, parts);
    return { kind: 'tabstop', index: tabstop, parts };
  }

  private parseChoices(): string[] {
    const choices: string[] = [];
    let current = '';
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      if (char === '\\' && ',|$}\\'.includes(this.source[this.position + 1] ?? '')) {
        current += this.source[this.position + 1];
        this.position += 2;
      } else if (char === ',' || char === '|') {
        choices.push(current);
        current = '';
        if (char === '|') return choices;
        this.position++;
      } else {
        current += char;
        this.position++;
      }
    }
    this.fail('the end of the choices');
  }

  private fail(expected: string): never {
    throw new Error(`snippet syntax: expected ${expected} at ${this.position} in ${this.source}`);
  }
}

/** The text VS Code inserts for `body` when the user accepts every default. */
function expandSnippet(body: string | readonly string[]): string {
  const parser = new SnippetParser(typeof body === 'string' ? body : body.join('\n'));
  const parts = parser.parse();
  const render = (list: readonly Part[], depth: number): string =>
    list
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (depth > 20) throw new Error('snippet placeholders refer to each other in a cycle');
        const value = part.parts ?? parser.defaults.get(part.index) ?? [];
        return render(value, depth + 1);
      })
      .join('');
  return render(parts, 0);
}

describe('the snippet expander', () => {
  it('takes defaults, first choices and mirrors, and drops $0', () => {
    assert.equal(expandSnippet('a ${1:one} $1 ${2|x,y|} ${2} $0b'), 'a one one x x b');
  });
  it('expands nested placeholders', () => {
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
  });
  it('honours escapes and keeps other backslashes', () => {
    assert.equal(expandSnippet('\\$1 \\} \\\\ \\n ${1:a\\}b}'), '$1 } \\ \\n a}b');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });
  it('refuses variables', () => {
    assert.throws(() => expandSnippet('$TM_FILENAME'), /variable/);
    assert.throws(() => expandSnippet('${TM_FILENAME}'), /variable/);
  });
});

// ---------------------------------------------------------------------------

/** The JSONC text the snippet inserts, checked to parse without a syntax error. */
function expandedText(prefix: string): string {
  const text = expandSnippet(snippet(prefix).body);
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false });
  assert.deepEqual(errors, [], `${prefix} expands to valid JSONC:\n${text}`);
  return text;
}

/** The value the snippet inserts (its comments dropped). */
function expandedValue(prefix: string): unknown {
  return parse(expandedText(prefix)) as unknown;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

function withAppended(text: string, array: string, value: unknown): string {
  return applyEdits(text, modify(text, [array, -1], value, { ...FORMAT, isArrayInsertion: true }));
}

/** The reference without the element of `array` named `name`. */
function withoutNamed(text: string, array: string, name: string): string {
  const elements = findNodeAtLocation(parseTree(text) ?? fail(), [array])?.children ?? [];
  const index = elements.findIndex(
    (element) => findNodeAtLocation(element, ['name'])?.value === name,
  );
  assert.ok(index >= 0, `the reference has no ${name} in ${array}`);
  return applyEdits(text, modify(text, [array, index], undefined, FORMAT));
}

function fail(): never {
  throw new Error('the reference does not parse');
}

function assertClean(analysis: Analysis, text: string): void {
  const problems = analysis.findings.filter(
    (f) => f.severity === 'error' || f.severity === 'warning',
  );
  assert.deepEqual(
    problems.map((f) => describeFinding(text, f)),
    [],
    `no error and no warning in:\n${text}`,
  );
}

/** Each piece snippet: the array it goes in, the reference object it stands in for, and its kind. */
const PIECES: readonly {
  readonly prefix: string;
  readonly array: 'servers' | 'credentials' | 'sendConnectors' | 'receiveConnectors';
  readonly replaces?: string;
  readonly kind?: string;
  /** How the rest of the design must change for it: both ends of a link authenticate alike. */
  readonly peer?: (text: string) => string;
}[] = [
  { prefix: 'edgeflow-server-edge', array: 'servers', replaces: 'EDGE01' },
  { prefix: 'edgeflow-server-mailbox', array: 'servers', replaces: 'MBX01' },
  { prefix: 'edgeflow-credential-ad', array: 'credentials', replaces: 'EdgeToOrg' },
  { prefix: 'edgeflow-credential-edge', array: 'credentials', replaces: 'OrgToEdge' },
  {
    prefix: 'edgeflow-send-internet',
    array: 'sendConnectors',
    replaces: 'To Internet',
    kind: 'edge-internet',
  },
  {
    prefix: 'edgeflow-send-edge-to-org',
    array: 'sendConnectors',
    replaces: 'To Internal Org',
    kind: 'edge-organization',
  },
  {
    prefix: 'edgeflow-send-org-to-edge',
    array: 'sendConnectors',
    replaces: 'To Edge',
    kind: 'organization-to-edge',
  },
  {
    prefix: 'edgeflow-receive-internet',
    array: 'receiveConnectors',
    replaces: 'From Internet',
    kind: 'internet-facing',
  },
  {
    prefix: 'edgeflow-receive-org',
    array: 'receiveConnectors',
    replaces: 'From Internal Org',
    kind: 'organization-facing',
  },
  // Nothing in the reference stands for it (the reference uses Basic authentication):
  // it is added, beside the Edge's organization-facing connector, and the Edge's connector
  // to the organization then logs on Externally Secured too (with Basic authentication
  // the connection would be refused: hop-refused).
  {
    prefix: 'edgeflow-receive-externally-secured',
    array: 'receiveConnectors',
    peer: externallySecuredEdge,
  },
];

/** The text with the Edge's connector to the organization ('To Internal Org') Externally Secured. */
function externallySecuredEdge(text: string): string {
  const elements =
    findNodeAtLocation(parseTree(text) ?? fail(), ['sendConnectors'])?.children ?? [];
  const index = elements.findIndex(
    (element) => findNodeAtLocation(element, ['name'])?.value === 'To Internal Org',
  );
  assert.ok(index >= 0, 'no To Internal Org');
  const set = (t: string, key: string, value: unknown) =>
    applyEdits(t, modify(t, ['sendConnectors', index, key], value, FORMAT));
  let result = set(text, 'smartHostAuthMechanism', 'ExternalAuthoritative');
  result = set(result, 'authenticationCredential', undefined);
  return set(result, 'linkProtection', 'ipsec');
}

function kindOf(analysis: Analysis, array: string, name: string): string {
  const { topology, index } = analysis;
  if (array === 'sendConnectors') {
    const connector = topology.sendConnectors.find((c) => c.name?.value === name);
    return connector ? index.classifySend(connector) : 'missing';
  }
  const connector = topology.receiveConnectors.find((c) => c.name?.value === name);
  return connector ? index.classifyReceive(connector) : 'missing';
}

describe('snippets', () => {
  it('are a valid JSON file in which every snippet has a unique prefix, a body and a description', () => {
    assert.ok(Object.keys(SNIPPETS).length > 0);
    const prefixes = new Set<string>();
    for (const [name, value] of Object.entries(SNIPPETS)) {
      assert.match(value.prefix, /^edgeflow-[a-z-]+$/, `${name}: prefix`);
      assert.ok(!prefixes.has(value.prefix), `${name}: prefix ${value.prefix} is unique`);
      prefixes.add(value.prefix);
      assert.ok(
        Array.isArray(value.body) &&
          value.body.length > 0 &&
          value.body.every((line) => typeof line === 'string'),
        `${name}: body is a list of lines`,
      );
      assert.ok(
        typeof value.description === 'string' && value.description.length > 20,
        `${name}: description`,
      );
      assert.deepEqual(
        Object.keys(value).sort(),
        ['body', 'description', 'prefix'],
        `${name}: nothing but prefix, body and description`,
      );
    }
  });

  it('cover a whole topology and every piece, and every snippet is tested here', () => {
    assert.deepEqual(
      Object.values(SNIPPETS)
        .map((s) => s.prefix)
        .sort(),
      ['edgeflow-topology', ...PIECES.map((p) => p.prefix)].sort(),
    );
  });

  it('edgeflow-topology: the whole topology has no error and no warning', () => {
    const text = expandedText('edgeflow-topology');
    const analysis = analyze(text);
    assertClean(analysis, text);
    assert.equal(analysis.topology.servers.length, 2);
    assert.deepEqual(
      analysis.topology.sendConnectors.map((c) => analysis.index.classifySend(c)),
      ['edge-internet', 'edge-organization', 'organization-to-edge'],
    );
    assert.deepEqual(
      analysis.topology.receiveConnectors.map((c) => analysis.index.classifyReceive(c)),
      ['internet-facing', 'organization-facing'],
    );
  });

  for (const piece of PIECES) {
    const where = piece.replaces
      ? `in place of the reference's ${piece.replaces}`
      : 'added to the reference';
    it(`${piece.prefix}: ${where}, no error and no warning`, () => {
      const value = expandedValue(piece.prefix) as { name?: unknown };
      let text = referenceTopology();
      if (piece.replaces) text = withoutNamed(text, piece.array, piece.replaces);
      text = withAppended(text, piece.array, value);
      if (piece.peer) text = piece.peer(text);
      const analysis = analyze(text);
      assertClean(analysis, text);
      if (piece.kind) assert.equal(kindOf(analysis, piece.array, String(value.name)), piece.kind);
    });
  }

  it('all the piece snippets together make a topology with no error and no warning', () => {
    // The reference's version and organization, and every other object from a snippet.
    let text = JSON.stringify(
      {
        version: 1,
        organization: { name: 'Contoso', acceptedDomains: ['contoso.com'] },
        servers: [],
        credentials: [],
        sendConnectors: [],
        receiveConnectors: [],
      },
      null,
      2,
    );
    for (const piece of PIECES) text = withAppended(text, piece.array, expandedValue(piece.prefix));
    for (const piece of PIECES) if (piece.peer) text = piece.peer(text);
    const analysis = analyze(text);
    assertClean(analysis, text);
    for (const piece of PIECES.filter((p) => p.kind)) {
      const { name } = expandedValue(piece.prefix) as { name: string };
      assert.equal(kindOf(analysis, piece.array, name), piece.kind, piece.prefix);
    }
  });
});
