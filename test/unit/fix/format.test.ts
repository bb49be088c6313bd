import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze,
  applyEdits,
  detectFormatOptions,
  detectIndentation,
  formatEdits,
  type FormatOptions,
} from '../../../server/src/core';
import { formatDocument } from '../../../server/src/languageServer/formatting';
import { readRepoFile, repoPath } from '../../support/repo';

/** The text formatted as `edgeflow format` does, or with the options given. */
function formatted(text: string, options: FormatOptions = detectFormatOptions(text)): string {
  return applyEdits(text, formatEdits(analyze(text).document, options));
}

const TWO_SPACES = { tabSize: 2, insertSpaces: true };

/** Compact, with comments of every kind, one of them inside an object. */
const MESSY =
  '// Contoso, compact\n{"version":1, /* inline */ "organization":{"name":"Contoso",\n' +
  '// the domains\n"acceptedDomains":["contoso.com"]},"servers":[]}\n';

describe('formatting', () => {
  describe('detectIndentation', () => {
    it('finds 2 spaces, 4 spaces and tabs', () => {
      assert.deepEqual(detectIndentation('{\n  "a": {\n    "b": 1\n  }\n}\n'), TWO_SPACES);
      assert.deepEqual(detectIndentation('{\n    "a": {\n        "b": 1\n    }\n}\n'), {
        tabSize: 4,
        insertSpaces: true,
      });
      assert.equal(detectIndentation('{\n\t"a": {\n\t\t"b": 1\n\t}\n}\n').insertSpaces, false);
    });

    it('falls back to 2 spaces when no line is indented', () => {
      assert.deepEqual(detectIndentation('{"version": 1, "servers": []}'), TWO_SPACES);
      assert.deepEqual(detectIndentation(''), TWO_SPACES);
    });

    it('reads CRLF and lone-CR line breaks as line breaks', () => {
      const lines = ['{', '    "a": {', '        "b": 1', '    }', '}'];
      assert.equal(detectIndentation(lines.join('\r\n')).tabSize, 4);
      assert.equal(detectIndentation(lines.join('\r')).tabSize, 4);
    });

    it('takes the most common step, not the first one nor one-space comment alignment', () => {
      const text = [
        '{',
        '    /*',
        '     * a block comment aligned on one space',
        '     */',
        '    "a": {',
        '        "b": [',
        '            1',
        '        ]',
        '    },',
        '      "odd": true',
        '}',
      ].join('\n');
      assert.deepEqual(detectIndentation(text), { tabSize: 4, insertSpaces: true });
    });

    it('prefers 2 over 4, as VS Code does, when 2 is at least half as frequent', () => {
      // Steps between the lines: 4, 2, 2, 0, 4, 4, 4: four of 4, two of 2.
      const text = [
        '{',
        '    "a": {',
        '      "b": 1',
        '    },',
        '    "c": {',
        '        "d": 1',
        '    }',
        '}',
      ].join('\n');
      assert.equal(detectIndentation(text).tabSize, 2);
      // Without the 2s it is 4.
      assert.equal(detectIndentation(text.replace('      "b"', '        "b"')).tabSize, 4);
    });

    it('chooses tabs when more lines are indented with tabs than with spaces', () => {
      const text = '{\n\t"a": 1,\n\t"b": {\n\t\t"c": [\n      1\n\t\t]\n\t}\n}\n';
      assert.equal(detectIndentation(text).insertSpaces, false);
    });
  });

  describe('detectFormatOptions: the final line break is kept as it is', () => {
    it('writes one when the text ends with one, none otherwise', () => {
      assert.equal(detectFormatOptions('{}\n').insertFinalNewline, true);
      assert.equal(detectFormatOptions('{}\r\n').insertFinalNewline, true);
      assert.equal(detectFormatOptions('{}').insertFinalNewline, false);
      assert.equal(formatted('{"a":1}\n'), '{\n  "a": 1\n}\n');
      assert.equal(formatted('{"a":1}'), '{\n  "a": 1\n}');
      assert.equal(formatted('{"a":1}\n// the end\n'), '{\n  "a": 1\n}\n// the end\n');
    });

    it('is needed: jsonc-parser removes a final line break unless told to insert one', () => {
      const text = '{\n  "a": 1\n}\n';
      assert.equal(formatted(text, { ...TWO_SPACES, insertFinalNewline: false }), text.trimEnd());
      assert.equal(formatted(text), text);
    });

    it('keeps one final line break of several (trailing blank lines go)', () => {
      assert.equal(formatted('{"a":1}\n\n\n'), '{\n  "a": 1\n}\n');
    });
  });

  describe('formatEdits', () => {
    it('keeps every comment and the value', () => {
      const result = formatted(MESSY, { ...TWO_SPACES, insertFinalNewline: true });
      for (const comment of ['// Contoso, compact', '/* inline */', '// the domains'])
        assert.ok(result.includes(comment), `${comment} kept in:\n${result}`);
      assert.match(result, /\n {2}"organization": \{\n {4}"name": "Contoso",/);
      assert.deepEqual(analyze(result).document.value, analyze(MESSY).document.value);
    });

    it('formats around a byte order mark, which stays first', () => {
      const result = formatted(`\uFEFF${MESSY}`);
      assert.equal(result, `\uFEFF${formatted(MESSY)}`);
      const edits = formatEdits(analyze(`\uFEFF${MESSY}`).document, detectFormatOptions(MESSY));
      assert.ok(
        edits.every((edit) => edit.offset >= 1),
        'no edit touches the BOM',
      );
    });

    it('keeps CRLF line breaks, and writes LF where the text has none', () => {
      const crlf = MESSY.replace(/\n/g, '\r\n');
      const result = formatted(crlf);
      assert.equal(result, formatted(MESSY).replace(/\n/g, '\r\n'));
      assert.doesNotMatch(result, /[^\r]\n/);
      assert.doesNotMatch(formatted(MESSY), /\r/);
    });

    it('formats a range only', () => {
      const text = '{\n"version":1,\n"organization":{"name":"Contoso"},\n"servers":[ ]\n}\n';
      const start = text.indexOf('"organization"');
      const end = text.indexOf('\n', start);
      const result = formatted(text, { ...TWO_SPACES, range: { start, end } });
      assert.match(result, /"organization": \{/);
      assert.ok(result.includes('"servers":[ ]'), 'outside the range nothing changed');
    });

    it('keeps the line structure with keepLines', () => {
      const text = '{\n  "a": [1, 2],\n  "b": {"c": 3}\n}\n';
      const result = formatted(text, { ...TWO_SPACES, keepLines: true, insertFinalNewline: true });
      assert.equal(result, '{\n  "a": [ 1, 2 ],\n  "b": { "c": 3 }\n}\n');
    });

    it('formats nothing the parser refused (nesting past its limit)', () => {
      const text = `${'['.repeat(1000)}${']'.repeat(1000)}`;
      const document = analyze(text).document;
      assert.equal(document.refused, true);
      assert.deepEqual(formatEdits(document, TWO_SPACES), []);
    });

    it('is idempotent: formatting formatted text changes nothing', () => {
      const inputs = [
        MESSY,
        `\uFEFF${MESSY}`,
        MESSY.replace(/\n/g, '\r\n'),
        '{\n    "a": {"b": [1,2,{"c":null}]},\n    // why\n    "d": "e" /* tail */\n}',
        '{\n\t"a": {"b": [1,\n2]}, "c": true\n}\n',
      ];
      for (const input of inputs) {
        const once = formatted(input);
        assert.equal(formatted(once), once, JSON.stringify(input));
      }
    });

    for (const file of fs.readdirSync(repoPath('examples')).filter((f) => f.endsWith('.json'))) {
      it(`is idempotent on examples/${file}`, () => {
        const once = formatted(readRepoFile('examples', file));
        assert.equal(formatted(once), once);
      });
    }
  });

  describe('the editor formats as the core does', () => {
    /** The language server's answer to Format Document, applied as a client would. */
    function formattedByServer(text: string, options: FormatOptions): string {
      const edits = formatDocument(
        analyze(text),
        {
          tabSize: options.tabSize,
          insertSpaces: options.insertSpaces,
          insertFinalNewline: options.insertFinalNewline === true,
        },
        options.keepLines === true,
      );
      return TextDocument.applyEdits(TextDocument.create('untitled:x', 'edgeflow', 0, text), edits);
    }

    const badlyIndented =
      '// four spaces, mostly\n{\n    "version": 1,\n    "organization": {\n  "name": "Contoso",\n' +
      '        "acceptedDomains": [ "contoso.com" ] },\n    "servers": []\n}\n';

    for (const [name, text] of [
      ['a badly indented file', badlyIndented],
      ['a compact file', MESSY],
      ['a file with a BOM and CRLF', `\uFEFF${badlyIndented.replace(/\n/g, '\r\n')}`],
      ['a tab-indented file', '{\n\t"a": {"b": [1,\n2]}, "c": true\n}'],
      ['the reference', readRepoFile('examples', 'contoso.edgeflow.json')],
    ] as const) {
      it(`${name}: the same text for the same options`, () => {
        const options = detectFormatOptions(text);
        assert.equal(formatted(text, options), formattedByServer(text, options));
      });
    }

    it('a badly indented file gets the indentation it mostly has', () => {
      assert.match(formatted(badlyIndented), /^ {4}"organization": \{\n {8}"name"/m);
    });
  });
});
