import type { Node } from 'jsonc-parser';
import type { TextEdit } from '../findings';
import { fix, removeAt, setProperty } from '../fix/edits';
import { sequentialEdits } from '../fix/sequentialEdits';
import { canonical } from '../model/enums';
import type { Spanned } from '../model/objectView';
import { connectorName, isSmartHostRouted, smartHostsState } from '../model/sendConnectorFacts';
import type { ReceiveConnector, SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

const TLS_AUTH_LEVELS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'] as const;
const PROTECTION_POLICIES = ['None', 'Allow', 'Require'] as const;

export const tlsCombination: Rule = {
  code: 'tls-combination',
  severity: 'error',
  alsoReports: ['warning'],
  summary: 'A connector combines TLS settings that Exchange refuses.',
  description: [
    'Send connectors (errors, from the New-SendConnector reference): `requireTLS: true` needs',
    '`ignoreSTARTTLS` false; `tlsAuthLevel` needs `requireTLS: true` and `ignoreSTARTTLS` false;',
    '`domainSecureEnabled: true` (mutual TLS) needs DNS routing (no smart hosts) and `ignoreSTARTTLS` false.',
    '',
    'Reported as warnings, because only the decompiled Exchange 2013 code enforces them: `tlsDomain` without',
    '`tlsAuthLevel: DomainValidation`; `DomainValidation` on a smart-host connector without `tlsDomain`;',
    '`tlsAuthLevel` together with `domainSecureEnabled: true`; and, on a receive connector, an',
    '`extendedProtectionPolicy` other than None without `requireTLS: true`.',
    '',
    'Not reported here: `requireTLS` without `Tls` on a receive connector (see `auth-mechanism-combination`),',
    'and values of the wrong type (see `schema`).',
  ].join('\n'),
  bad: '{ "name": "To Partner", "server": "EDGE01", "addressSpaces": ["fabrikam.com"], "requireTLS": true, "ignoreSTARTTLS": true, "tlsDomain": "fabrikam.com" }',
  good: '{ "name": "To Partner", "server": "EDGE01", "addressSpaces": ["fabrikam.com"], "requireTLS": true, "tlsAuthLevel": "DomainValidation", "tlsDomain": "fabrikam.com" }',
  sources:
    'SC-07; SC-14; [PS:New-SendConnector] IgnoreSTARTTLS, TlsAuthLevel, DomainSecureEnabled, TlsDomain; [RES-DIR:TlsAuthLevelWithDomainSecureEnabled], [RES-DIR:TlsDomainWithIncorrectTlsAuthLevel], [RES-DIR:TlsAuthLevelWithNoDomainOnSmartHost], [RES-DIR:ExtendedProtectionNonTlsTerminatingProxyScenarioRequireTls].',
  check(context) {
    for (const connector of context.topology.sendConnectors) checkSend(context, connector);
    for (const connector of context.topology.receiveConnectors) checkReceive(context, connector);
  },
};

/** A boolean property: its value, 'unset' when absent, 'unknown' when of the wrong type. */
function flag(
  connector: SendConnector | ReceiveConnector,
  key: string,
): Spanned<boolean> | 'unset' | 'unknown' {
  if (!connector.view.has(key)) return 'unset';
  return connector.view.boolean(key) ?? 'unknown';
}

/** The property when it is `true`. */
const whenTrue = (value: Spanned<boolean> | 'unset' | 'unknown'): Spanned<boolean> | undefined =>
  typeof value === 'object' && value.value ? value : undefined;

function checkSend(context: RuleContext, connector: SendConnector): void {
  const { view } = connector;
  const name = connectorName(connector);
  const requireTls = flag(connector, 'requireTLS');
  const ignore = flag(connector, 'ignoreSTARTTLS');
  const domainSecure = flag(connector, 'domainSecureEnabled');
  const levelText = view.string('tlsAuthLevel');
  const level = levelText && canonical(levelText.value, TLS_AUTH_LEVELS);
  const set = (key: string, value: boolean) => (text: string) =>
    setProperty(text, [...view.path, key], value);

  const ignoring = whenTrue(ignore);
  const requiring = whenTrue(requireTls);
  const secure = whenTrue(domainSecure);
  if (ignoring) {
    const reasons = [requiring, secure];
    const names = ['requireTLS', 'domainSecureEnabled'];
    const keys = names.filter((_, i) => reasons[i]);
    if (keys.length > 0) {
      context.report({
        target: ignoring.node,
        message: `${name} sets ${keys.map((k) => `${k} true`).join(' and ')}, so ignoreSTARTTLS must be false: a connector cannot both require TLS and ignore STARTTLS. Remove ignoreSTARTTLS or set it to false.`,
        related: related(reasons, names),
        fixes: () => [
          fix(
            'Set ignoreSTARTTLS to false',
            sequentialEdits(context.text, [set('ignoreSTARTTLS', false)]),
            true,
          ),
        ],
      });
    }
  }

  if (
    levelText &&
    level &&
    requireTls !== 'unknown' &&
    ignore !== 'unknown' &&
    (!requiring || ignoring)
  ) {
    const steps: ((text: string) => TextEdit[])[] = [];
    const changes: string[] = [];
    if (!requiring) {
      steps.push(set('requireTLS', true));
      changes.push('requireTLS to true');
    }
    if (ignoring) {
      steps.push(set('ignoreSTARTTLS', false));
      changes.push('ignoreSTARTTLS to false');
    }
    context.report({
      target: levelText.node,
      message: `${name} sets tlsAuthLevel ${level}, which Exchange accepts only with requireTLS true and ignoreSTARTTLS false: set ${changes.join(' and ')}, or remove tlsAuthLevel.`,
      related: related(
        [typeof requireTls === 'object' ? requireTls : undefined, ignoring],
        ['requireTLS', 'ignoreSTARTTLS'],
      ),
      fixes: () => [
        fix(`Set ${changes.join(' and ')}`, sequentialEdits(context.text, steps), true),
      ],
    });
  }

  const tlsDomain = view.string('tlsDomain');
  if (tlsDomain && (!levelText || level) && level !== 'DomainValidation') {
    context.report({
      target: tlsDomain.node,
      severity: 'warning',
      message: `${name} sets tlsDomain, which is used only with tlsAuthLevel DomainValidation${level ? ` (this connector uses ${level})` : ''}; Exchange refuses it otherwise. Remove tlsDomain, or set tlsAuthLevel to DomainValidation.`,
      related: levelText
        ? [{ target: levelText.node, message: 'the TLS authentication level' }]
        : undefined,
      fixes: () => [
        fix('Remove tlsDomain', removeAt(context.text, [...view.path, 'tlsDomain']), true),
      ],
    });
  }

  if (
    levelText &&
    level === 'DomainValidation' &&
    smartHostsState(connector) === 'some' &&
    !view.has('tlsDomain')
  ) {
    context.report({
      target: levelText.node,
      severity: 'warning',
      message: `${name} validates the domain of its smart hosts' certificates (DomainValidation) but sets no tlsDomain: Exchange requires tlsDomain on a smart-host connector. Add tlsDomain with the domain the certificates must carry.`,
      related: nodeOf(view.valueNode('smartHosts'), 'the smart hosts'),
    });
  }

  if (secure && isSmartHostRouted(connector)) {
    const cause = view.valueNode('smartHosts') ?? view.valueNode('dnsRoutingEnabled');
    context.report({
      target: secure.node,
      message: `${name} sets domainSecureEnabled true, but Domain Secure (mutual TLS) works only with DNS routing, not through smart hosts. Set domainSecureEnabled to false, or route by DNS.`,
      related: nodeOf(cause, 'smart-host routing'),
      fixes: () => [
        fix(
          'Set domainSecureEnabled to false',
          sequentialEdits(context.text, [set('domainSecureEnabled', false)]),
          true,
        ),
      ],
    });
  }

  if (levelText && level && secure) {
    context.report({
      target: levelText.node,
      severity: 'warning',
      message: `${name} sets both tlsAuthLevel and domainSecureEnabled true, which Exchange refuses: Domain Secure already validates the certificates. Remove tlsAuthLevel, or set domainSecureEnabled to false.`,
      related: [{ target: secure.node, message: 'Domain Secure' }],
    });
  }
}

function checkReceive(context: RuleContext, connector: ReceiveConnector): void {
  const policyText = connector.view.string('extendedProtectionPolicy');
  const policy = policyText && canonical(policyText.value, PROTECTION_POLICIES);
  const requireTls = flag(connector, 'requireTLS');
  if (
    !policyText ||
    !policy ||
    policy === 'None' ||
    requireTls === 'unknown' ||
    whenTrue(requireTls)
  )
    return;
  // Setting requireTLS must not create "RequireTLS without Tls" (auth-mechanism-combination).
  const tlsOffered =
    !connector.view.has('authMechanism') || connector.authMechanism.some((m) => m.value === 'Tls');
  const path = [...connector.view.path, 'requireTLS'];
  context.report({
    target: policyText.node,
    severity: 'warning',
    message: `${connectorName(connector)} sets extendedProtectionPolicy ${policy}, which Exchange accepts only with requireTLS true. Set requireTLS to true, or extendedProtectionPolicy to None.`,
    related:
      typeof requireTls === 'object'
        ? [{ target: requireTls.node, message: 'requireTLS' }]
        : undefined,
    fixes: () =>
      tlsOffered
        ? [fix('Set requireTLS to true', setProperty(context.text, path, true), true)]
        : [],
  });
}

function related(values: readonly (Spanned<boolean> | undefined)[], keys: readonly string[]) {
  return values.flatMap((v, i) => (v ? [{ target: v.node, message: keys[i] ?? '' }] : []));
}

function nodeOf(node: Node | undefined, message: string) {
  return node ? [{ target: node, message }] : undefined;
}
