import { ruleSettingProblems, type RuleSetting } from '../core/index';
import type { ConfigLoader } from '../config/loadConfig';
import { UsageError } from './args';
import { shownPath } from './files';

/** `--rule <code>=<setting>`, repeatable: validated, or a usage error naming every problem. */
export function parseRuleFlags(values: readonly string[]): Record<string, RuleSetting> {
  const rules: Record<string, string> = {};
  for (const setting of values) {
    const match = /^([^=]+)=(.*)$/.exec(setting);
    if (!match) throw new UsageError(`--rule expects <code>=<severity|off>, not '${setting}'`);
    rules[(match[1] ?? '').trim()] = (match[2] ?? '').trim();
  }
  const problems = ruleSettingProblems(rules);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `--rule: ${p}`).join('\n'));
  // Validated just above: every value is a setting the core accepts.
  return rules as Record<string, RuleSetting>;
}

/** What applies to one topology: its config file's settings under the command line's. */
export type Configured =
  | {
      readonly rules: Readonly<Record<string, RuleSetting>>;
      /** The config file's `outputFolder` (absolute), when it has one. */
      readonly outputFolder?: string;
    }
  /** The topology's config file is broken: the message names it and says what is wrong. */
  | { readonly problem: string };

/**
 * The settings for the topology at `file` (absolute): the nearest
 * `edgeflow.config.json`'s rules, each overridden by a `--rule` for the same
 * code. A config file with any problem is refused rather than half applied:
 * in CI a typo in it must fail the build, not silently change what is checked.
 */
export function configuredFor(
  loader: ConfigLoader,
  file: string,
  flags: Readonly<Record<string, RuleSetting>>,
): Configured {
  const config = loader.forFile(file);
  if (!config) return { rules: flags };
  if (config.problems.length > 0) {
    return { problem: `${shownPath(config.file)}: ${config.problems.join('; ')}` };
  }
  return {
    rules: { ...config.rules, ...flags },
    ...(config.outputFolder === undefined ? {} : { outputFolder: config.outputFolder }),
  };
}
