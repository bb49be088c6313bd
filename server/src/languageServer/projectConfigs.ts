import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { RuleSetting } from '../core/index';
import { ConfigLoader } from '../config/loadConfig';
import { CONFIG_FILE_NAME, type ProjectConfig } from '../config/projectConfig';

/** What the server asks the client to watch: every config file in the workspace. */
export const CONFIG_FILE_GLOB = `**/${CONFIG_FILE_NAME}`;

/** The path of a `file:` URI, or undefined for any other scheme (untitled, virtual documents). */
export function filePathOf(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Whether a watched-file event is about a config file. */
export function isConfigFileUri(uri: string): boolean {
  const file = filePathOf(uri);
  return file !== undefined && path.basename(file) === CONFIG_FILE_NAME;
}

/**
 * The rules a document is analysed with: the config file's, each overridden by
 * an entry of the `edgeflow.rules` setting. The client sends one merged settings
 * object, so "set by the user" means an entry in it: the setting's default is
 * empty, and an entry anywhere (user, workspace or folder settings) is a choice
 * someone made for this editor.
 */
export function mergeRules(
  config: ProjectConfig | undefined,
  settings: Readonly<Record<string, RuleSetting>>,
): Readonly<Record<string, RuleSetting>> {
  return config ? { ...config.rules, ...settings } : settings;
}

/**
 * The `edgeflow.config.json` files of the open topologies (loadConfig.ts finds
 * and reads them, as the CLI does). Only documents on disk have one. The files
 * are read once and cached until a watched config file changes; a config with a
 * problem applies what is valid in it, and the problem is shown once per reload.
 */
export class ProjectConfigs {
  private readonly loader = new ConfigLoader();
  private readonly shown = new Set<string>();
  /** Bumped by each reload; part of every analysis cache key and diagnostics result id. */
  generation = 0;

  constructor(private readonly connection: Connection) {}

  /** The config of the document at `uri`, or undefined (none, or not a file on disk). */
  forDocument(uri: string): ProjectConfig | undefined {
    const file = filePathOf(uri);
    return file === undefined ? undefined : this.forFile(file);
  }

  /** The config of the topology at `file` (absolute). */
  forFile(file: string): ProjectConfig | undefined {
    const config = this.loader.forFile(file);
    if (config && config.problems.length > 0) this.warnOnce(config);
    return config;
  }

  /** A config file was created, changed or deleted: every one is read again when next needed. */
  reload(): void {
    this.loader.clear();
    // A config still broken after it was saved again is worth saying again.
    this.shown.clear();
    this.generation++;
  }

  private warnOnce(config: ProjectConfig): void {
    const message = describeConfigProblems(config);
    if (this.shown.has(message)) return;
    this.shown.add(message);
    this.connection.console.warn(message);
    // A notification: nothing to answer, and nothing waits for the user.
    void this.connection
      .sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message })
      .catch(() => undefined);
  }
}

/** One sentence naming the file, what is wrong and what applies instead. */
export function describeConfigProblems(config: ProjectConfig): string {
  const consequence = config.usable
    ? 'The rest of it applies.'
    : 'Nothing in it applies: the defaults and the edgeflow settings do.';
  return `EdgeFlow: ${config.file}: ${config.problems.join('; ')}. ${consequence}`;
}
