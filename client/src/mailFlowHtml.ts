import { randomBytes } from 'node:crypto';
import type { DiagramItem } from '../../server/src/languageServer/diagramProtocol';

/**
 * The webview's page: the server's SVG inline, restyled with the theme's
 * colours, and the list of connections as its text alternative. The content
 * security policy allows nothing remote: one inline style and one inline
 * script, each with this page's nonce (the SVG's own <style> gets it too).
 * The script only makes shapes focusable and posts `{ reveal: id }`.
 */

export interface MailFlowPage {
  readonly title: string;
  readonly svg: string;
  readonly connections: readonly DiagramItem[];
  readonly nodes: readonly DiagramItem[];
  readonly note?: string;
}

const THEME = `
body{color:var(--vscode-foreground);font-family:var(--vscode-font-family);font-size:var(--vscode-font-size)}
.diagram svg .card{fill:var(--vscode-editor-background)}
.diagram svg .node rect{fill:var(--vscode-editorWidget-background);stroke:var(--vscode-editorWidget-border,var(--vscode-foreground))}
.diagram svg .node.internet rect{fill:var(--vscode-badge-background)}
.diagram svg .node.internet text{fill:var(--vscode-badge-foreground)}
.diagram svg .node.organization>rect{fill:transparent}
.diagram svg .node text,.diagram svg .arrow text{fill:var(--vscode-editor-foreground)}
.diagram svg .node text.binding,.diagram svg .node text.detail{fill:var(--vscode-descriptionForeground)}
.diagram svg .arrow path{stroke:var(--vscode-editor-foreground)}
.diagram svg .arrow rect{fill:var(--vscode-editor-background)}
.diagram svg .marker{fill:var(--vscode-editor-foreground)}
.diagram svg .severity-error>rect,.diagram svg .severity-error>path{stroke:var(--vscode-editorError-foreground)}
.diagram svg .severity-warning>rect,.diagram svg .severity-warning>path{stroke:var(--vscode-editorWarning-foreground)}
.diagram svg .severity-information>rect,.diagram svg .severity-information>path{stroke:var(--vscode-editorInfo-foreground)}
.diagram svg .severity-hint>rect,.diagram svg .severity-hint>path{stroke:var(--vscode-editorHint-foreground,var(--vscode-descriptionForeground))}
.diagram svg .marker-error{fill:var(--vscode-editorError-foreground)}
.diagram svg .marker-warning{fill:var(--vscode-editorWarning-foreground)}
.diagram svg .marker-information{fill:var(--vscode-editorInfo-foreground)}
.diagram svg [data-start]{cursor:pointer}
.diagram svg [data-start]:focus{outline:none}
.diagram svg [data-start]:focus>rect,.diagram svg [data-start]:focus>path,.diagram svg [data-start]:hover>path{stroke:var(--vscode-focusBorder);stroke-width:3}
.diagram{overflow:auto}
.connections button{background:none;border:none;color:var(--vscode-textLink-foreground);cursor:pointer;font:inherit;padding:2px 0;text-align:left}
.connections button:focus{outline:1px solid var(--vscode-focusBorder)}
.severity{font-weight:bold}
.note{color:var(--vscode-descriptionForeground)}
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
const reveal = (id) => vscode.postMessage({ reveal: id });
for (const shape of document.querySelectorAll('.diagram [data-start]')) {
  shape.setAttribute('tabindex', '0');
  shape.setAttribute('role', 'button');
  const title = shape.querySelector('title');
  if (title) shape.setAttribute('aria-label', title.textContent.split('\\n')[0]);
  shape.addEventListener('click', () => reveal(shape.dataset.id));
  shape.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); reveal(shape.dataset.id); }
  });
}
for (const button of document.querySelectorAll('.connections button')) {
  button.addEventListener('click', () => reveal(button.dataset.id));
}
`;

export function mailFlowHtml(page: MailFlowPage): string {
  const nonce = randomBytes(16).toString('base64');
  // The SVG's own style sheet needs the nonce as well; it has no other inline style.
  const svg = page.svg.replace('<style>', `<style nonce="${nonce}">`);
  const item = (i: DiagramItem) =>
    i.start === undefined
      ? `<li>${escapeHtml(i.text)}</li>`
      : `<li><button type="button" data-id="${escapeHtml(i.id)}">${escapeHtml(i.text)}</button></li>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${THEME}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${page.note ? `<p class="note">${escapeHtml(page.note)}</p>` : ''}
<div class="diagram">${svg}</div>
<h2 id="connections">Connections</h2>
<ul class="connections" aria-labelledby="connections">${page.connections.map(item).join('')}</ul>
<h2 id="servers">Servers</h2>
<ul class="connections" aria-labelledby="servers">${page.nodes.map(item).join('')}</ul>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
