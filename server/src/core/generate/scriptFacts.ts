import type { ReceiveConnector, SendConnector } from '../model/topology';
import type { CertificateFacts } from './context';
import { STOP } from './exchangeCall';
import { quote } from './powershell';

/** The header note of a script with Externally Secured connectors (linkProtection is no parameter). */
export const EXTERNALLY_SECURED =
  'Externally Secured (ExternalAuthoritative) connectors: Exchange neither authenticates nor encrypts that traffic. The link must be protected by IPsec or a VPN, which this script does not configure.';

/** The header sentence on passwords, -WhatIf and errors, shared by the connector scripts. */
export function howItRuns(asksForCredentials: boolean): string {
  return (
    (asksForCredentials
      ? 'Passwords are never stored: Get-Credential asks for each account once, with its user name filled in. '
      : '') +
    '-WhatIf shows every change without making it' +
    (asksForCredentials ? ' and asks for no password' : '') +
    '; the first error stops the script.'
  );
}

/** Whether any of these connectors is Externally Secured (ExternalAuthoritative). */
export function usesExternalAuthoritative(
  sendConnectors: readonly SendConnector[],
  receiveConnectors: readonly ReceiveConnector[],
): boolean {
  return (
    sendConnectors.some((c) => c.smartHostAuthMechanism?.value === 'ExternalAuthoritative') ||
    receiveConnectors.some((c) => c.authMechanism.some((m) => m.value === 'ExternalAuthoritative'))
  );
}

/**
 * The Get-ExchangeCertificate pipeline that finds the Edge's certificate for
 * SMTP: by its declared thumbprint when there is one, otherwise by kind
 * (self-signed or not) and the SMTP service, narrowed by a declared subject.
 */
export function certificateFilter(
  certificate: CertificateFacts | undefined,
  options: { readonly quiet: boolean },
): string {
  // A missing thumbprint is a finding of the verification (quiet), an error elsewhere.
  const errorAction =
    options.quiet && certificate?.thumbprint ? '-ErrorAction SilentlyContinue' : STOP;
  const source = certificate?.thumbprint
    ? `Get-ExchangeCertificate -Thumbprint ${quote(certificate.thumbprint)} ${errorAction}`
    : `Get-ExchangeCertificate ${errorAction}`;
  const conditions = [
    certificate?.type === 'thirdParty' ? '-not $_.IsSelfSigned' : '$_.IsSelfSigned',
    "([string]$_.Services) -match '\\bSMTP\\b'",
  ];
  if (certificate?.subject !== undefined)
    conditions.push(`$_.Subject -eq ${quote(certificate.subject)}`);
  return `${source} | Where-Object { ${conditions.join(' -and ')} }`;
}
