import * as assert from 'node:assert/strict';
import type { Node } from 'jsonc-parser';
import {
  bool,
  commentText,
  integer,
  quote,
  quoteList,
  topologyValue,
} from '../../../server/src/core/generate/powershell';
import { codeShape, singleQuotedValue, tokenize } from '../../support/powershellTokens';

describe('PowerShell quoting', () => {
  it('writes a single-quoted literal', () => {
    assert.equal(quote('To Internet'), "'To Internet'");
    assert.equal(quote(''), "''");
  });

  it('doubles every one of the five single-quote characters, each with itself', () => {
    assert.equal(quote("O'Brien"), "'O''Brien'");
    assert.equal(
      quote('a\u2018b\u2019c\u201Ad\u201Be'),
      "'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'",
    );
  });

  it('leaves everything else literal: single quotes expand nothing', () => {
    for (const value of [
      '$(Remove-Item C:\\ -Recurse)',
      '${env:x}',
      '`n',
      '"',
      '\u201C',
      '#',
      '<#',
      '--%',
    ])
      assert.equal(quote(value), `'${value}'`);
  });

  it('keeps the value exactly, as the tokenizer reads it back', () => {
    const value = "x’; Remove-Item C:\\ -Recurse; ‘''‚‛\n#>";
    const tokens = tokenize(`Write-Output ${quote(value)}`);
    assert.deepEqual(
      tokens.map((t) => t.kind),
      ['code', 'single'],
    );
    const literal = tokens[1];
    assert.ok(literal);
    assert.equal(singleQuotedValue(literal), value);
  });

  it('writes lists of quoted elements, booleans and integers', () => {
    assert.equal(quoteList(['a', "b'c"]), "@('a', 'b''c')");
    assert.equal(quoteList([]), '@()');
    assert.equal(bool(true), '$true');
    assert.equal(bool(false), '$false');
    assert.equal(integer(25), '25');
    assert.equal(integer(-1), '(-1)');
    assert.throws(() => integer(1.5));
    assert.throws(() => integer(Number.NaN));
  });

  it('writes zero as 0 and names the value it refuses as no integer', () => {
    assert.equal(integer(0), '0');
    assert.throws(() => integer(1.5), { message: 'not an integer: 1.5' });
  });

  it('writes a topology value by its type, and refuses a list with a non-string or an object', () => {
    const node = (type: Node['type'], value?: unknown, children?: Node[]): Node =>
      ({ type, value, children, offset: 0, length: 0 }) as Node;
    assert.equal(topologyValue(node('string', "O'Neil")), "'O''Neil'");
    assert.equal(topologyValue(node('boolean', false)), '$false');
    assert.equal(topologyValue(node('number', -3)), '(-3)');
    assert.equal(
      topologyValue(node('array', undefined, [node('string', 'a'), node('string', 'b')])),
      "@('a', 'b')",
    );
    assert.equal(topologyValue(node('array')), '@()');
    assert.throws(
      () => topologyValue(node('array', undefined, [node('string', 'a'), node('number', 1)])),
      { message: 'only arrays of strings become PowerShell lists' },
    );
    assert.throws(() => topologyValue(node('object', undefined, [])), {
      message: 'a object value has no PowerShell form here',
    });
  });

  it('keeps comment text as written, but for what could end the comment or hide text', () => {
    // Line and paragraph separators, C0/C1 controls (NEL among them), bidirectional controls.
    assert.equal(
      commentText('a\nb\rc\u2028d\u2029e\u0085f\tg\u202Eh\u2066i\u200Fj\u007Fk'),
      'a?b?c?d?e?f?g?h?i?j?k',
    );
    assert.equal(commentText('contoso.edgeflow.json'), 'contoso.edgeflow.json');
    // issue 15: a topology's file name is kept as written (it became 'N?rthwind topo ?').
    assert.equal(commentText('Nörthwind topo ü.edgeflow.json'), 'Nörthwind topo ü.edgeflow.json');
    assert.equal(commentText('東京 ☃.edgeflow.json'), '東京 ☃.edgeflow.json');
  });
});

describe('the PowerShell-aware tokenizer of the tests', () => {
  it('ends a single-quoted string at a typographic quote, as PowerShell does', () => {
    const shape = codeShape("Write-Output 'x’; Remove-Item C:\\ -Recurse; ‘'");
    assert.deepEqual(shape, [
      'code:Write-Output ',
      "single:''",
      'code:; Remove-Item C:\\ -Recurse; ',
      "single:''",
    ]);
  });

  it('reads two consecutive quote characters of any kind as one literal quote', () => {
    assert.deepEqual(
      tokenize("'a’'b'").map((t) => t.kind),
      ['single'],
    );
  });

  it('knows double-quoted strings, backtick escapes, subexpressions and comments', () => {
    const tokens = tokenize('$a = "x`"y$(Get-Date "z")" # note\n<# block #> `\'b');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      [
        'code:$a = ',
        'double:"x`"y$(Get-Date "z")"',
        'code: ',
        'comment:# note',
        'code:\n',
        'comment:<# block #>',
        "code: `'b",
      ],
    );
  });

  it('ends a line comment at any line separator', () => {
    assert.deepEqual(
      tokenize('# a\u2028Remove-Item x').map((t) => t.kind),
      ['comment', 'code'],
    );
  });

  it('treats # inside a word as code', () => {
    assert.deepEqual(
      tokenize('Write-Output a#b').map((t) => t.kind),
      ['code'],
    );
  });
});
