import type { Connection } from 'vscode-languageserver';
import { validRuleSettings } from '../config/projectConfig';
import { DEFAULT_MAX_FILE_SIZE, ruleSettingProblems, type RuleSetting } from '../core/index';

/** The server-side settings (section `edgeflow`); `edgeflow.trace.server` is the client's. */
export interface Settings {
  /**
   * Severity per rule code, only entries that can take effect. Each entry the
   * user set overrides the same code in the topology's edgeflow.config.json.
   */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Documents longer than this many characters get one diagnostic instead of an analysis. */
  readonly maxFileSize: number;
  /** Formatting keeps the line breaks the author chose (one-line server objects stay on one line). */
  readonly formatKeepLines: boolean;
}

// The core's default, so that the editor and the CLI agree.
export { DEFAULT_MAX_FILE_SIZE };

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  formatKeepLines: false,
};

export interface ReadSettings {
  readonly settings: Settings;
  /** What could not take effect, each a sentence naming the setting. */
  readonly problems: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `edgeflow` section as the client sent it, keeping what is valid. */
export function readSettings(section: unknown): ReadSettings {
  if (section === undefined || section === null)
    return { settings: DEFAULT_SETTINGS, problems: [] };
  if (!isRecord(section)) {
    return { settings: DEFAULT_SETTINGS, problems: ['edgeflow: the settings are not an object'] };
  }
  const problems: string[] = [];
  let rules: Record<string, RuleSetting> = {};
  const rawRules = section.rules;
  if (isRecord(rawRules)) {
    problems.push(...ruleSettingProblems(rawRules).map((p) => `edgeflow.rules: ${p}`));
    // Invalid entries are left out; analyze() then keeps the rule's own severity.
    rules = validRuleSettings(rawRules);
  } else if (rawRules !== undefined && rawRules !== null) {
    problems.push('edgeflow.rules: expected an object mapping rule codes to severities');
  }
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const rawSize = section.maxFileSize;
  if (typeof rawSize === 'number' && Number.isFinite(rawSize) && rawSize > 0) {
    maxFileSize = Math.floor(rawSize);
  } else if (rawSize !== undefined && rawSize !== null) {
    problems.push(
      `edgeflow.maxFileSize: expected a positive number of characters, using ${DEFAULT_MAX_FILE_SIZE}`,
    );
  }
  const format = isRecord(section.format) ? section.format : {};
  const formatKeepLines = format.keepLines === true;
  return { settings: { rules, maxFileSize, formatKeepLines }, problems };
}

/**
 * Holds the settings: the workspace's, and in a multi-root workspace each
 * folder's (VS Code scopes `edgeflow.rules` and the others by folder, so two
 * roots may check their topologies differently). Clients with
 * `workspace/configuration` are asked for the `edgeflow` section of each
 * scope in one request; others push one section with `didChangeConfiguration`,
 * which then applies everywhere. Each change bumps `generation`, which is part
 * of every analysis cache key.
 */
export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS;
  /** Per workspace folder URI (ending with `/`), when the client answers per scope. */
  private byFolder = new Map<string, Settings>();
  private folders: readonly string[] = [];
  // As refresh() writes it (see there): the defaults, and no folder of its own, change nothing.
  private currentJson = JSON.stringify([DEFAULT_SETTINGS, []]);
  private readonly shownProblems = new Set<string>();
  generation = 0;
  /** Set at initialization: the client answers `workspace/configuration`. */
  pullsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  /** The settings outside any workspace folder (and, for a pushing client, everywhere). */
  get settings(): Settings {
    return this.current;
  }

  /** The settings of the workspace folder that holds `uri` (the innermost), else the workspace's. */
  for(uri: string): Settings {
    let best: string | undefined;
    for (const folder of this.byFolder.keys()) {
      if (uri.startsWith(folder) && (best === undefined || folder.length > best.length))
        best = folder;
    }
    return best === undefined ? this.current : (this.byFolder.get(best) ?? this.current);
  }

  /** The workspace folders, from `initialize` and `didChangeWorkspaceFolders`. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map((uri) => (uri.endsWith('/') ? uri : `${uri}/`));
  }

  /**
   * Reads the settings again (asking the client, or from what it pushed) and
   * says whether they changed. Never throws: a client that fails to answer
   * leaves the settings as they were.
   */
  async refresh(pushed?: unknown): Promise<boolean> {
    let sections: unknown[] = [pushed];
    const folders = this.pullsConfiguration ? this.folders : [];
    if (this.pullsConfiguration) {
      try {
        const answer: unknown = await this.connection.workspace.getConfiguration([
          { section: 'edgeflow' },
          ...folders.map((scopeUri) => ({ section: 'edgeflow', scopeUri })),
        ]);
        sections = Array.isArray(answer) ? answer : [answer];
      } catch (error) {
        this.connection.console.error(`Could not read the edgeflow settings: ${String(error)}`);
        return false;
      }
    }
    const read = sections.map((section) => readSettings(section));
    this.warnOnce(read.flatMap((r) => r.problems));
    const all = read.map((r) => r.settings);
    const global = all[0] ?? DEFAULT_SETTINGS;
    // What takes effect: the workspace's settings and each folder whose own differ. Folders that
    // only repeat the workspace's change no analysis, so they must not change the cache keys.
    const own = folders.flatMap((folder, i) => {
      const settings = all[i + 1] ?? global;
      return JSON.stringify(settings) === JSON.stringify(global) ? [] : [[folder, settings]];
    });
    const json = JSON.stringify([global, own]);
    if (json === this.currentJson) return false;
    this.current = global;
    this.byFolder = new Map(folders.map((folder, i) => [folder, all[i + 1] ?? global]));
    this.currentJson = json;
    this.generation++;
    return true;
  }

  /** Shows each settings problem once per session, so that typing in the settings does not nag. */
  private warnOnce(problems: readonly string[]): void {
    const fresh = problems.filter((p) => !this.shownProblems.has(p));
    if (fresh.length === 0) return;
    for (const problem of fresh) this.shownProblems.add(problem);
    const message = `EdgeFlow ignores some settings: ${fresh.join('; ')}.`;
    this.connection.console.warn(message);
    this.connection.window.showWarningMessage(message);
  }
}
