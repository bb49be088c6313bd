import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ruleByCode, ruleSettingProblems, type RuleSetting } from '../core/index';

/**
 * `edgeflow.config.json`: the rules and the output folder a team shares
 * between the editor and CI. This module reads one file's text; loadConfig.ts
 * finds the file and reads it from disk. Neither knows VS Code or LSP: the
 * CLI and the language server use them alike.
 */

export const CONFIG_FILE_NAME = 'edgeflow.config.json';

export interface ProjectConfig {
  /** The absolute path of the `edgeflow.config.json`. */
  readonly file: string;
  /** The rule settings that can take effect; entries with a problem are left out. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Absolute: `outputFolder` resolved against the file's folder; undefined when not set. */
  readonly outputFolder?: string;
  /** What is wrong with the file, each a phrase without the file's path; empty when valid. */
  readonly problems: readonly string[];
  /**
   * False when the file could not be read or parsed: then nothing in it
   * applies (a half-parsed file is not a configuration anyone wrote).
   */
  readonly usable: boolean;
}

const RULE_SETTINGS: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];
const KEYS = ['$schema', 'rules', 'outputFolder'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The entries of a rules object that can take effect: a known code and a
 * setting. The `edgeflow.rules` setting and the config file keep the same
 * ones; ruleSettingProblems describes the others.
 */
export function validRuleSettings(
  raw: Readonly<Record<string, unknown>>,
): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const [code, value] of Object.entries(raw)) {
    if (ruleByCode(code) && typeof value === 'string' && RULE_SETTINGS.includes(value)) {
      rules[code] = value as RuleSetting;
    }
  }
  return rules;
}

/** A config that applies nothing, with why. */
export function unusableConfig(file: string, problem: string): ProjectConfig {
  return { file, rules: {}, problems: [problem], usable: false };
}

/** Parses and validates the text of the config file at `file` (absolute). Never throws. */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  const errors: ParseError[] = [];
  let value: unknown;
  try {
    value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // jsonc-parser recurses per nesting level: absurd nesting overflows the stack.
    return unusableConfig(file, `cannot be parsed: ${(error as Error).message}`);
  }
  const [first] = errors;
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    return unusableConfig(
      file,
      `is not valid JSON: line ${line}, column ${column}: ${describeParseError(first)}`,
    );
  }
  if (!isRecord(value)) {
    return unusableConfig(file, 'expected an object with "rules" and "outputFolder"');
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) {
      problems.push(`unknown property '${key}' (expected "rules", "outputFolder" or "$schema")`);
    }
  }
  if (value.$schema !== undefined && typeof value.$schema !== 'string') {
    problems.push('"$schema": expected a string');
  }
  let rules: Record<string, RuleSetting> = {};
  if (isRecord(value.rules)) {
    problems.push(...ruleSettingProblems(value.rules).map((p) => `"rules": ${p}`));
    rules = validRuleSettings(value.rules);
  } else if (value.rules !== undefined) {
    problems.push('"rules": expected an object mapping rule codes to severities');
  }
  const folder = readOutputFolder(value.outputFolder, file);
  if ('problem' in folder) problems.push(folder.problem);
  return {
    file,
    rules,
    ...('folder' in folder && folder.folder !== undefined ? { outputFolder: folder.folder } : {}),
    problems,
    usable: true,
  };
}

/**
 * `outputFolder`: relative to the config file's folder and inside it, so that
 * a checked-out repository cannot send generated scripts anywhere else on the
 * machine (and a path that means something on one machine only stays out of a
 * shared file). Empty or absent: beside each topology, as the setting.
 */
function readOutputFolder(
  value: unknown,
  file: string,
): { readonly folder: string | undefined } | { readonly problem: string } {
  if (value === undefined || value === '') return { folder: undefined };
  const expected = 'expected a folder relative to this file\'s folder, such as "generated"';
  if (typeof value !== 'string') return { problem: `"outputFolder": ${expected}` };
  // A Windows path is absolute on every platform here: the file is shared between machines.
  if (path.isAbsolute(value) || path.win32.isAbsolute(value) || /^[a-z]:/i.test(value)) {
    return { problem: `"outputFolder": '${value}' is absolute; ${expected}` };
  }
  const base = path.dirname(file);
  // Either separator, whichever system wrote the file.
  const folder = path.resolve(base, ...value.split(/[\\/]/));
  const inside = path.relative(base, folder);
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    return { problem: `"outputFolder": '${value}' leaves this file's folder; ${expected}` };
  }
  return { folder };
}

function describeParseError(error: ParseError): string {
  // 'PropertyNameExpected' → 'property name expected'
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** 1-based line and column (UTF-16 code units), as an editor shows them. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
