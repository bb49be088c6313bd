import { canonical } from '../model/enums';
import type { Rule } from './rule';

const CERTIFICATE_TYPES = ['selfSigned', 'thirdParty'] as const;

export const selfSignedCertificate: Rule = {
  code: 'self-signed-certificate',
  severity: 'information',
  summary:
    'An Edge uses its self-signed certificate, which the Mailbox servers must import to trust it.',
  description: [
    'Setup gives an Edge Transport server a self-signed certificate for SMTP TLS. The Mailbox servers do not',
    'trust it, so Basic authentication over TLS between them and the Edge fails until it is imported on every',
    'Mailbox server, or until the Edge gets a certificate from a certification authority they trust.',
    'The generated scripts do the import: the Edge script exports the certificate to a file and the mailbox',
    'script imports it. This is information, not a problem: it tells you to carry the file from the Edge to',
    'the Mailbox servers. An Edge without `certificate` is taken to have only its self-signed one.',
    '',
    'Not flagged: `"certificate": { "type": "thirdParty" }`, and any Edge of a topology without Mailbox',
    'servers (nothing there uses the certificate).',
  ].join('\n'),
  bad: '"certificate": { "type": "selfSigned" }',
  good: '"certificate": { "type": "thirdParty", "subject": "CN=edge01.contoso.net" }',
  sources: '§5.2 Certificates; §6 item 3; §9 item 25; [EX:…/configure-without-edgesync.md].',
  check(context) {
    const { index } = context;
    const mailboxes = index.mailboxes.flatMap((m) => (m.name ? [m.name.value] : []));
    if (index.mailboxes.length === 0) return;
    const importers = mailboxes.length > 0 ? mailboxes.join(', ') : 'every Mailbox server';
    for (const edge of index.edges) {
      const e = edge.name?.value ?? 'This Edge';
      let target;
      if (!edge.view.has('certificate')) {
        target = edge.name?.node ?? edge.view.node;
      } else {
        const type = edge.view.object('certificate')?.string('type');
        if (!type || canonical(type.value, CERTIFICATE_TYPES) !== 'selfSigned') continue;
        target = type.node;
      }
      context.report({
        target,
        message: `${e} uses its self-signed certificate: Mailbox servers do not trust it. The generated mailbox script imports it on ${importers} (export it on the Edge first); or use a certificate from a trusted CA.`,
      });
    }
  },
};
