import type { Rule } from '../server/src/core';
import { isSuppressible } from '../server/src/core/rules/rule';

const SETTINGS = ['off', 'error', 'warning', 'information', 'hint'];

/**
 * The `rules` property of one rule: the rule's summary and what the setting
 * can change. The same text as its `edgeflow.rules` entry in package.json (a
 * test compares the two).
 */
function ruleProperty(rule: Rule) {
  const scope =
    rule.severity === 'error'
      ? 'Its errors stay errors; the setting applies to its warnings.'
      : `Default: \`${rule.severity}\`.`;
  return { type: 'string', enum: SETTINGS, markdownDescription: `${rule.summary} ${scope}` };
}

/** The description of a rules object: its values, and the codes it accepts. */
function rulesDescription(rules: readonly Rule[]): string {
  const codes = rules
    .filter(isSuppressible)
    .map((r) => `\`${r.code}\``)
    .join(', ');
  return `Severity of a rule, by its code: \`off\`, \`error\`, \`warning\`, \`information\` or \`hint\`, for example \`{ "self-signed-certificate": "off" }\`. Errors cannot be turned down or off: each one means Exchange refuses the configuration or mail does not flow. The rules whose findings can be changed: ${codes}. Every rule is documented in RULES.md.`;
}

/** One property per rule whose findings can be changed, in registry order. */
function ruleProperties(rules: readonly Rule[]) {
  return Object.fromEntries(rules.filter(isSuppressible).map((r) => [r.code, ruleProperty(r)]));
}

/**
 * package.json's \`edgeflow.rules\` setting, made from the rule registry as the
 * config schema is, with the same rule properties. \`npm run rules:doc\` writes
 * it into package.json; a unit test compares the two.
 */
export function rulesSetting(rules: readonly Rule[]) {
  return {
    type: 'object',
    default: {},
    markdownDescription: `${rulesDescription(rules)} An entry here overrides the same code in the topology's \`edgeflow.config.json\`.`,
    properties: ruleProperties(rules),
    additionalProperties: false,
  };
}

/**
 * schemas/edgeflow.config.schema.json, made from the rule registry so that the
 * codes it offers cannot drift from the rules: only the rules whose findings
 * can be changed, as the `edgeflow.rules` setting. `npm run rules:doc` writes
 * it; a unit test compares the file with this.
 */
export function configSchema(rules: readonly Rule[]) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://edgeflow.dev/schemas/edgeflow.config.schema.json',
    title: 'EdgeFlow configuration',
    description:
      'edgeflow.config.json: the rules and output folder of the topologies in this folder and below, for the editor and the edgeflow command line alike. JSON with comments.',
    markdownDescription:
      '`edgeflow.config.json`: the rules and output folder of the topologies in this folder and below (up to the next `edgeflow.config.json`), for the editor and the `edgeflow` command line alike. An entry of the `edgeflow.rules` setting, a `--rule` or `--out-dir` takes precedence. JSON with comments.',
    type: 'object',
    additionalProperties: false,
    // VS Code's JSON language service: trailing commas are fine, as in topologies.
    allowTrailingCommas: true,
    properties: {
      $schema: {
        type: 'string',
        description: 'The JSON schema of this file, for other JSON tools. Informational.',
      },
      rules: {
        type: 'object',
        default: {},
        description:
          'Severity per rule code: off, error, warning, information or hint. Errors cannot be turned down or off.',
        markdownDescription: rulesDescription(rules),
        properties: ruleProperties(rules),
        additionalProperties: false,
      },
      outputFolder: {
        type: 'string',
        description:
          "Where the generated scripts go: a folder relative to this file's folder, and inside it. Empty or absent: beside each topology.",
        markdownDescription:
          "Where the generated scripts go: a folder relative to this file's folder, and inside it (no absolute path, no `..` out of it), for example `generated`. Empty or absent: beside each topology.",
        examples: ['generated'],
      },
    },
  };
}
