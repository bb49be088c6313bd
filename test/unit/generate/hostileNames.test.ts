import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core';
import { generateScripts, type GeneratedFile } from '../../../server/src/core/generate';
import { referenceTopology } from '../../support/repo';
import { codeShape, singleQuotedValue, tokenize } from '../../support/powershellTokens';

/** What could end a `#` comment or hide text in it: controls, separators, bidirectional marks. */
const COMMENT_BREAKERS = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}]/u;

/**
 * Complements injection.test.ts (every quote character, `$()`, `${}`,
 * backticks, separators, line breaks, comment and stop-parsing tokens) with
 * what it does not cover: Unicode direction overrides and isolates, invisible
 * and control characters, lone surrogates, and 10,000-character names. The
 * reference topology is generated twice, once with plain placeholders and
 * once with hostile values in every free-text field (each value replaced
 * everywhere it occurs, so references stay consistent); the code outside
 * single-quoted literals must be identical, token for token.
 */

/** The free-text string literals of the reference, as written in its JSON. */
const FIELDS = [
  { literal: '"Contoso"', kind: 'free' },
  // Server names are Windows computer names: at most 15 characters, none of \ / : * ? " < > |
  // (server-name-length).
  { literal: '"EDGE01"', kind: 'server' },
  { literal: '"MBX01"', kind: 'server' },
  { literal: '"MBX02"', kind: 'server' },
  { literal: '"edge01.contoso.net"', kind: 'free' },
  { literal: '"mbxserver01.contoso.com"', kind: 'free' },
  { literal: '"mbxserver02.contoso.com"', kind: 'free' },
  { literal: '"EdgeToOrg"', kind: 'free' },
  { literal: '"OrgToEdge"', kind: 'free' },
  // User names have no colon: one would be followed by a password (secret-in-topology).
  { literal: '"CONTOSO\\\\edgerelay"', kind: 'user' },
  // A local Edge account: a backslash would make what precedes it a computer other than the Edge,
  // which cannot log it on (hop-refused), so this value has none, nor a colon.
  { literal: '"EDGE01\\\\mbxrelay"', kind: 'account' },
  { literal: '"To Internet"', kind: 'free' },
  { literal: '"To Internal Org"', kind: 'free' },
  { literal: '"To Edge"', kind: 'free' },
  // Receive connector names: at most 64 characters and no backslash (receive-name).
  { literal: '"From Internet"', kind: 'receive' },
  { literal: '"From Internal Org"', kind: 'receive' },
] as const;

type Kind = (typeof FIELDS)[number]['kind'];
type Fill = (n: number, kind: Kind) => string;

const DIRECTION = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
const INVISIBLE = '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E';
const CONTROLS = '\u0000\u0001\u0007\u0008\t\u000B\u000C\u001B\u007F\u0085\u009B';

/** Direction overrides around code: in a bidi-aware viewer the code would seem to be elsewhere. */
const bidi: Fill = (n, kind) =>
  kind === 'receive'
    ? `R${n}\u202E'\u2019;$(x)#\u2066<#\u2069\u2028${INVISIBLE}`.slice(0, 64)
    : kind === 'server'
      ? `S${n}\u202E'\u2019;$(x)#\u2066\u2069`
      : `H${n} \u202E'; Remove-Item C:\\ -Recurse; '\u202C \u2067\u2019)|iex#\u2069 ${DIRECTION} ${INVISIBLE} ${CONTROLS} \uD800 \uDC00 \u2029 end`;

/** 10,000-character names made of everything hostile (receive names stay within 64). */
const long: Fill = (n, kind) => {
  if (kind === 'receive') return `R${n}${'\u2019$(x)`'.repeat(20)}`.slice(0, 64);
  if (kind === 'server') return `S${n}${"'\u2019$(x)`".repeat(3)}`.slice(0, 15);
  const piece = ` '\u2018\u2019\u201A\u201B"\u201C\u201D\u201E$(x)\${y}\`;|&\n\r\u2028\u2029\u0085#<##>--%${DIRECTION}`;
  let value = `L${n}`;
  while (value.length < 10_000) value += piece;
  return value.slice(0, 10_000);
};

const plain: Fill = (n) => `name${n}`;

function topology(fill: Fill): { text: string; values: string[] } {
  let text = referenceTopology();
  const values: string[] = [];
  FIELDS.forEach(({ literal, kind }, n) => {
    assert.ok(text.includes(literal), literal);
    const filled = fill(n + 1, kind);
    const value =
      kind === 'account'
        ? filled.split('\\').join('/').split(':').join('')
        : kind === 'user'
          ? filled.split(':').join('')
          : filled;
    values.push(value);
    text = text.split(literal).join(JSON.stringify(value));
  });
  return { text, values };
}

function generate(text: string): GeneratedFile[] {
  const result = generateScripts(analyze(text), 'contoso');
  assert.ok(
    result.ok,
    `the hostile topology must stay free of errors: ${
      result.ok ? '' : result.errors.map((e) => `${e.code}: ${e.message.slice(0, 200)}`).join('; ')
    }`,
  );
  return [...result.files];
}

describe('generation from hostile names: direction overrides, invisible characters, 10,000-character names', () => {
  // Generated in beforeEach, for each test, rather than once as the file loads: a mutation
  // run (npm run mutate) then sees which tests run the generation, and runs them again.
  let plainFiles: GeneratedFile[] = [];
  beforeEach(() => {
    plainFiles = generate(topology(plain).text);
  });

  for (const [label, fill] of [
    ['direction overrides, invisible and control characters, lone surrogates', bidi],
    ['10,000-character names', long],
  ] as const) {
    describe(label, () => {
      const { text, values } = topology(fill);
      let files: GeneratedFile[] = [];
      beforeEach(() => {
        files = generate(text);
      });

      it('generates the same scripts with the same code outside string literals', () => {
        assert.deepEqual(
          files.map((f) => f.kind),
          plainFiles.map((f) => f.kind),
        );
        files.forEach((file, i) => {
          assert.deepEqual(
            codeShape(file.content),
            codeShape(plainFiles[i]?.content ?? ''),
            file.fileName,
          );
        });
      });

      it('keeps every value whole, as the value of one literal, and out of comments and double-quoted strings', () => {
        const literals = new Set<string>();
        for (const file of files) {
          for (const token of tokenize(file.content)) {
            if (token.kind === 'single') literals.add(singleQuotedValue(token));
            if (token.kind === 'comment')
              assert.doesNotMatch(token.text, COMMENT_BREAKERS, file.fileName);
            if (token.kind === 'double') assert.doesNotMatch(token.text, /[HLR]\d/, file.fileName);
          }
        }
        // Lone surrogates cannot be written as UTF-8: compare what a file would hold.
        const written = (value: string) => Buffer.from(value, 'utf8').toString('utf8');
        const writtenLiterals = new Set([...literals].map(written));
        // Every value the plain scripts quote (the organization name, for one, is not used).
        const plainLiterals = new Set(
          plainFiles.flatMap((f) =>
            tokenize(f.content)
              .filter((t) => t.kind === 'single')
              .map(singleQuotedValue),
          ),
        );
        values.forEach((value, i) => {
          if (!plainLiterals.has(plain(i + 1, 'free'))) return;
          assert.ok(writtenLiterals.has(written(value)), JSON.stringify(value.slice(0, 40)));
        });
      });

      it('names the script files safely, whatever the server names', () => {
        for (const file of files) {
          // eslint-disable-next-line no-control-regex -- control characters are what is looked for
          assert.doesNotMatch(file.fileName, /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
          assert.ok(Buffer.byteLength(file.fileName) <= 255, `${file.fileName.length} characters`);
        }
      });
    });
  }
});
