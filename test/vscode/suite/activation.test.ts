import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openTopology, waitFor, workspaceFile } from './support';

/** The activation events that concern topology files and nothing else. */
const TOPOLOGY_EVENTS = new Set(['onLanguage:edgeflow']);

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is loaded as the extension under development`);
  return found;
}

function activationEvents(): string[] {
  const manifest = extension().packageJSON as { activationEvents?: string[] };
  return manifest.activationEvents ?? [];
}

// This file runs first (the files run in name order), before any test opens a document.
describe('activation', () => {
  it('activates only for topology files', () => {
    const events = activationEvents();
    assert.ok(events.includes('onLanguage:edgeflow'), JSON.stringify(events));
    for (const event of events) {
      assert.ok(
        TOPOLOGY_EVENTS.has(event) || event.startsWith('onCommand:edgeflow.'),
        `activation event '${event}' concerns topology files`,
      );
    }
  });

  it('is not active before a topology is opened', () => {
    assert.equal(extension().isActive, false, 'not active before a topology is opened');
  });

  it('activates on opening a topology file, whose language is edgeflow', async () => {
    const editor = await openTopology(workspaceFile('contoso.edgeflow.json'));
    assert.equal(editor.document.languageId, 'edgeflow');
    await waitFor('the extension to activate', () => (extension().isActive ? true : undefined));
  });

  it('registers the four EdgeFlow commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of [
      'edgeflow.generateScripts',
      'edgeflow.generateVerification',
      'edgeflow.traceMail',
      'edgeflow.newTopology',
    ]) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });
});
