// Writes the extension's page for the .vsix (dist/extension-page.md, which
// `vsce package --readme-path` packages as its readme) from
// docs/extension-page.md. VS Code shows an installed extension's readme in a
// webview with no base address and a policy of `img-src https: data:`: a
// relative image stays unresolved (a broken image) and this extension has no
// web address to host one. So each image the page shows is inlined as a data:
// URI, and the page must hold no relative link (VS Code could not follow it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const TYPES = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};

export function writeExtensionPage(root) {
  const source = path.join(root, 'docs', 'extension-page.md');
  const text = readFileSync(source, 'utf8').replace(
    /!\[([^\]]*)\]\(([^)\s]+)\)/g,
    (whole, alt, target) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
      const type = TYPES[path.extname(target).toLowerCase()];
      if (!type)
        throw new Error(`${source}: cannot inline the image ${target} (not PNG, JPEG or GIF)`);
      const bytes = readFileSync(path.join(path.dirname(source), '..', target));
      return `![${alt}](data:${type};base64,${bytes.toString('base64')})`;
    },
  );
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'extension-page.md'), text);
}
