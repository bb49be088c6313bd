import { randomBytes } from 'node:crypto';
import type {
  DiagramItem,
  DiagramMessageSummary,
} from '../../server/src/languageServer/diagramProtocol';
import type { TraceChoice } from '../../server/src/languageServer/traceProtocol';

/**
 * The webview's page: the server's SVG inline, restyled with the theme's
 * colours, and the list of connections as its text alternative. The content
 * security policy allows nothing remote: one inline style and one inline
 * script, each with this page's nonce (the SVG's own <style> gets it too).
 * The script makes shapes focusable and posts `{ reveal: id }`, and the
 * message form posts `{ show: { from, to } }` or `{ clear: true }`: the
 * extension asks the server again and the page is drawn anew.
 */

export interface MailFlowPage {
  readonly title: string;
  readonly svg: string;
  readonly connections: readonly DiagramItem[];
  readonly nodes: readonly DiagramItem[];
  readonly note?: string;
  readonly senders?: readonly TraceChoice[];
  readonly recipients?: readonly TraceChoice[];
  /** The message whose paths are shown. */
  readonly message?: DiagramMessageSummary;
  /** What the form holds when the message could not be shown, and why. */
  readonly asked?: { readonly from: string; readonly to: string };
  readonly messageProblem?: string;
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
.diagram svg .arrow.on-path path{stroke:var(--vscode-charts-purple)}
.diagram svg .node.on-path>rect{stroke:var(--vscode-charts-purple)}
.diagram svg .marker-path{fill:var(--vscode-charts-purple)}
.diagram svg .caption text{fill:var(--vscode-editor-foreground)}
.diagram svg .caption text.fail{fill:var(--vscode-editorError-foreground)}
.diagram svg .caption text.ok{fill:var(--vscode-testing-iconPassed,var(--vscode-editor-foreground))}
.message{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:8px 0}
.message select,.message input{background:var(--vscode-input-background);color:var(--vscode-input-foreground);border:1px solid var(--vscode-input-border,transparent);font:inherit;padding:2px 4px}
.message button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;font:inherit;padding:3px 10px;cursor:pointer}
.message button.secondary{background:var(--vscode-button-secondaryBackground);color:var(--vscode-button-secondaryForeground)}
.paths .fail{color:var(--vscode-editorError-foreground);font-weight:bold}
.paths .ok{font-weight:bold}
.on-path-mark{color:var(--vscode-charts-purple)}
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
const form = document.getElementById('message-form');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const from = document.getElementById('message-from').value;
  const to = document.getElementById('message-to').value.trim();
  if (from && to) vscode.postMessage({ show: { from, to } });
});
document.getElementById('message-clear').addEventListener('click', () => vscode.postMessage({ clear: true }));
`;

export function mailFlowHtml(page: MailFlowPage): string {
  const nonce = randomBytes(16).toString('base64');
  // The SVG's own style sheet needs the nonce as well; it has no other inline style.
  const svg = page.svg.replace('<style>', `<style nonce="${nonce}">`);
  const onPath = new Set(page.message?.onPath ?? []);
  const mark = (i: DiagramItem) =>
    onPath.has(i.id) ? ' <span class="on-path-mark">(on the path)</span>' : '';
  const item = (i: DiagramItem) =>
    i.start === undefined
      ? `<li>${escapeHtml(i.text)}${mark(i)}</li>`
      : `<li><button type="button" data-id="${escapeHtml(i.id)}">${escapeHtml(i.text)}</button>${mark(i)}</li>`;
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
${messageForm(page)}
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

/** Which message to follow: a sender, a recipient (the topology's domains offered), and its paths in words. */
function messageForm(page: MailFlowPage): string {
  const from = page.message?.from ?? page.asked?.from ?? 'internet';
  const to = page.message?.to ?? page.asked?.to ?? '';
  const senders = (page.senders ?? [])
    .map(
      (c) =>
        `<option value="${escapeHtml(c.value)}"${c.value === from ? ' selected' : ''}>${escapeHtml(c.label)}</option>`,
    )
    .join('');
  const recipients = (page.recipients ?? [])
    .map(
      (c) =>
        `<option value="${escapeHtml(c.value)}">${escapeHtml(c.description ?? c.label)}</option>`,
    )
    .join('');
  const lines = page.message?.lines ?? [];
  const paths = page.messageProblem
    ? `<p class="fail">${escapeHtml(page.messageProblem)}</p>`
    : lines.length > 0
      ? `<ul>${lines
          .map(
            (line, i) =>
              `<li${i === 0 ? ` class="${page.message?.ok ? 'ok' : 'fail'}"` : ''}>${escapeHtml(line)}</li>`,
          )
          .join('')}</ul>`
      : '';
  return `<form class="message" id="message-form" aria-label="Show the paths of one message">
<label for="message-from">Message from</label>
<select id="message-from">${senders}</select>
<label for="message-to">to</label>
<input id="message-to" list="message-recipients" value="${escapeHtml(to)}" placeholder="user@example.com" size="28">
<datalist id="message-recipients">${recipients}</datalist>
<button type="submit" id="message-show">Show paths</button>
<button type="button" class="secondary" id="message-clear">Clear</button>
</form>
<div class="paths" role="status" aria-live="polite">${paths}</div>`;
}
