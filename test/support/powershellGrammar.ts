import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import type { Node as SyntaxNode, Parser, Tree } from 'web-tree-sitter';

/**
 * The real PowerShell grammar (tree-sitter-powershell, WebAssembly) for tests
 * of generated scripts. A process that compiled the grammar with V8's
 * optimising tier waits seconds at exit for background compilation; the
 * baseline compiler alone (Liftoff) is fast enough here and exits at once.
 * The flag must be set before any WebAssembly is compiled, so the grammar is
 * loaded lazily, after it.
 */
v8.setFlagsFromString('--liftoff-only');

let parser: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  const { Parser: ParserClass, Language } = await import('web-tree-sitter');
  await ParserClass.init();
  const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const language = await Language.load(fs.readFileSync(wasm));
  const instance = new ParserClass();
  instance.setLanguage(language);
  return instance;
}

/** Parses PowerShell text (a leading byte-order mark is dropped, as PowerShell does). */
export async function parsePowerShell(text: string): Promise<Tree> {
  parser ??= loadParser();
  const tree = (await parser).parse(text.replace(/^\uFEFF/, ''));
  if (!tree) throw new Error('the PowerShell grammar returned no tree');
  return tree;
}

/** Describes each ERROR and MISSING node, for an assertion message. */
export function syntaxErrors(tree: Tree): string[] {
  const errors: string[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.isError || node.isMissing) {
      errors.push(
        `${node.isMissing ? 'missing' : 'error'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${JSON.stringify(node.text.slice(0, 80))}`,
      );
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return errors;
}
