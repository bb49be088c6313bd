import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RULES } from '../../../server/src/core';
import { isSuppressible } from '../../../server/src/core/rules/rule';
import {
  GENERATE_SCRIPTS_COMMAND,
  GENERATE_VERIFICATION_COMMAND,
  SAVE_EXPORT_SCRIPT_COMMAND,
} from '../../../server/src/languageServer/generateProtocol';
import { DIAGRAM_COMMAND } from '../../../server/src/languageServer/diagramProtocol';
import { DEFAULT_SETTINGS } from '../../../server/src/languageServer/settings';
import {
  TRACE_CHOICES_COMMAND,
  TRACE_COMMAND,
} from '../../../server/src/languageServer/traceProtocol';
import { readRepoFile, repoPath } from '../../support/repo';

/**
 * The VS Code manifest (package.json `contributes`) against the code it
 * describes: the rule settings against the rule registry, the server settings
 * against their defaults, the commands against the client, the paths against
 * the files.
 */

interface Property {
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly markdownDescription?: string;
  readonly properties?: Readonly<Record<string, Property>>;
  readonly additionalProperties?: unknown;
}

interface Manifest {
  readonly main: string;
  readonly activationEvents: readonly string[];
  readonly contributes: {
    readonly languages: readonly {
      id: string;
      // Absent from the entry that makes edgeflow.config.json JSON with comments.
      configuration?: string;
      icon?: Record<string, string>;
    }[];
    readonly grammars: readonly { path: string }[];
    readonly jsonValidation: readonly { url: string }[];
    readonly snippets: readonly { path: string }[];
    readonly commands: readonly { command: string; title: string; category?: string }[];
    readonly menus: Readonly<Record<string, readonly { command: string; when?: string }[]>>;
    readonly configuration: { readonly properties: Readonly<Record<string, Property>> };
  };
}

const MANIFEST = JSON.parse(readRepoFile('package.json')) as Manifest & { icon: string };
const SETTINGS = MANIFEST.contributes.configuration.properties;

describe('the VS Code manifest', () => {
  it('lets edgeflow.rules change exactly the rules whose findings can be changed', () => {
    const rules = SETTINGS['edgeflow.rules'];
    assert.ok(rules?.properties);
    assert.equal(rules.additionalProperties, false);
    const configurable = RULES.filter(isSuppressible);
    assert.deepEqual(
      Object.keys(rules.properties),
      configurable.map((r) => r.code),
      'package.json lists the configurable codes in registry order',
    );
    for (const rule of configurable) {
      const property: Property | undefined = rules.properties[rule.code];
      assert.deepEqual(property?.enum, ['off', 'error', 'warning', 'information', 'hint']);
      assert.ok(
        property?.markdownDescription?.startsWith(rule.summary),
        `${rule.code}: its description starts with the rule's summary`,
      );
    }
    const listed = [...(rules.markdownDescription ?? '').matchAll(/`([a-z0-9-]+)`/g)].map(
      (m) => m[1],
    );
    for (const rule of configurable) assert.ok(listed.includes(rule.code), `lists ${rule.code}`);
  });

  it('declares the settings the server reads, with the server defaults', () => {
    assert.equal(SETTINGS['edgeflow.maxFileSize']?.default, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(SETTINGS['edgeflow.format.keepLines']?.default, DEFAULT_SETTINGS.formatKeepLines);
    assert.deepEqual(SETTINGS['edgeflow.rules']?.default, DEFAULT_SETTINGS.rules);
    assert.equal(SETTINGS['edgeflow.outputFolder']?.default, '');
    assert.deepEqual(SETTINGS['edgeflow.trace.server']?.enum, ['off', 'messages', 'verbose']);
  });

  it('documents every setting in the README', () => {
    const readme = readRepoFile('README.md');
    for (const name of Object.keys(SETTINGS)) assert.ok(readme.includes(`\`${name}\``), name);
  });

  it('shows the seven commands in the palette under their titles, each registered by the client', () => {
    const titles = MANIFEST.contributes.commands.map((c) => [
      c.command,
      c.category ? `${c.category}: ${c.title}` : c.title,
    ]);
    assert.deepEqual(titles, [
      ['edgeflow.generateScripts', 'EdgeFlow: Generate Connector Scripts'],
      ['edgeflow.generateVerification', 'EdgeFlow: Generate Verification Scripts'],
      ['edgeflow.saveExportScript', 'EdgeFlow: Save Export Script…'],
      ['edgeflow.traceMail', 'EdgeFlow: Trace Mail'],
      ['edgeflow.showMailFlow', 'EdgeFlow: Show Mail Flow'],
      ['edgeflow.compareWithServers', 'EdgeFlow: Compare with Servers'],
      ['edgeflow.clearServerComparison', 'EdgeFlow: Clear Server Comparison'],
      ['edgeflow.newTopology', 'EdgeFlow: New Topology File'],
      ['edgeflow.showOutput', 'EdgeFlow: Show Output'],
    ]);
    const client = fs
      .readdirSync(repoPath('client', 'src'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => readRepoFile('client', 'src', name))
      .join('\n');
    for (const { command } of MANIFEST.contributes.commands) {
      assert.ok(client.includes(`registerCommand('${command}'`), `the client registers ${command}`);
    }
    // vscode-languageclient registers each server command under its own id: they must differ.
    for (const id of [
      GENERATE_SCRIPTS_COMMAND,
      GENERATE_VERIFICATION_COMMAND,
      TRACE_COMMAND,
      TRACE_CHOICES_COMMAND,
      DIAGRAM_COMMAND,
      SAVE_EXPORT_SCRIPT_COMMAND,
    ]) {
      assert.ok(!MANIFEST.contributes.commands.some((c) => c.command === id), id);
    }
  });

  it('offers generation only in trusted workspaces, tracing anywhere, and both only for topologies', () => {
    const ids = new Set(MANIFEST.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(MANIFEST.contributes.menus)) {
      for (const item of items) {
        assert.ok(ids.has(item.command), `${menu}: ${item.command} is contributed`);
        // The export script comes before any topology (it is how one is adopted): it needs only
        // trust and a disk, since it writes a file.
        if (item.command === 'edgeflow.saveExportScript') {
          assert.match(item.when ?? '', /isWorkspaceTrusted && !virtualWorkspace/, menu);
          continue;
        }
        assert.match(item.when ?? '', /resourceLangId == edgeflow/, `${menu}: ${item.command}`);
        if (item.command.startsWith('edgeflow.generate')) {
          assert.match(item.when ?? '', /isWorkspaceTrusted/, `${menu}: ${item.command}`);
        }
        // A trace only reads the open document: no trust, files on disk not needed.
        if (item.command === 'edgeflow.traceMail') {
          assert.doesNotMatch(item.when ?? '', /isWorkspaceTrusted|virtualWorkspace/, menu);
        }
      }
    }
  });

  it('declares analysis in untrusted workspaces, with the output folder restricted', () => {
    const manifest = MANIFEST as unknown as {
      capabilities: {
        untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] };
      };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'edgeflow.outputFolder',
    ]);
    assert.match(
      readRepoFile('client', 'src', 'commands.ts'),
      /if \(!vscode\.workspace\.isTrusted\)/,
    );
  });

  it('activates only for topology files', () => {
    // Contributed commands activate the extension implicitly (VS Code 1.74+).
    assert.deepEqual(MANIFEST.activationEvents, ['onLanguage:edgeflow']);
  });

  it('names files that exist', () => {
    const { languages, grammars, jsonValidation, snippets } = MANIFEST.contributes;
    const paths = [
      MANIFEST.icon,
      ...languages.flatMap((l) => [l.configuration ?? [], Object.values(l.icon ?? {})].flat()),
      ...grammars.map((g) => g.path),
      ...jsonValidation.map((j) => j.url),
      ...snippets.map((s) => s.path),
    ];
    for (const file of paths) assert.ok(fs.existsSync(repoPath(file)), file);
    assert.equal(MANIFEST.main, './dist/extension.js');
  });
});
