import type { Rule } from './rule';

export const invalidSuppression: Rule = {
  code: 'invalid-suppression',
  severity: 'warning',
  summary:
    'An `edgeflow-disable-next-line` comment names an unknown code or an error, so it suppresses nothing.',
  description: [
    'Warnings and information can be silenced for one line with',
    '`// edgeflow-disable-next-line <code>[, <code>] -- <reason>`. Errors cannot: each one means Exchange',
    'refuses the configuration or mail stops, so it must be fixed. A comment that names an unknown code',
    '(often a typo) or the code of an error is reported, so that nobody believes a problem is handled.',
  ].join('\n'),
  bad: [
    '// edgeflow-disable-next-line basic-auth-without-tl -- lab only',
    '"smartHostAuthMechanism": "BasicAuth",',
  ].join('\n'),
  good: [
    '// edgeflow-disable-next-line basic-auth-without-tls -- lab only, no TLS certificate yet',
    '"smartHostAuthMechanism": "BasicAuth",',
  ].join('\n'),
  sources: 'EdgeFlow behaviour (SPEC §2: errors cannot be suppressed).',
  check(context) {
    for (const comment of context.suppressions) {
      for (const { code, range } of comment.codes) {
        const suppressible = context.isSuppressible(code);
        if (suppressible === undefined) {
          context.report({
            target: range,
            message: `'${code}' is not an EdgeFlow diagnostic code; this comment suppresses nothing.`,
          });
        } else if (!suppressible) {
          context.report({
            target: range,
            message: `'${code}' reports errors, which cannot be suppressed: fix the problem instead.`,
          });
        }
      }
    }
  },
};
