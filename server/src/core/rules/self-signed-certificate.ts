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
    'the Mailbox servers. An Edge without `certificate` is taken to have only its self-signed one; the',
    'scripts export and import only a declared certificate, so the message asks to declare it',
    '(`"certificate": { "type": "selfSigned" }`).',
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
      if (!edge.view.has('certificate')) {
        // The generator keeps a certificate only where one is declared (generate/context.ts):
        // an undeclared self-signed one is neither exported nor imported: say so. (No quick fix: the
        // declared certificate still gets this information, and a fix must make its finding go.)
        context.report({
          target: edge.name?.node ?? edge.view.node,
          message: `${e} declares no certificate, so it uses the self-signed one Exchange setup created: Mailbox servers do not trust it, and the generated scripts do not export or import an undeclared certificate. Declare it ("certificate": { "type": "selfSigned" }) so that the Edge script exports it and the mailbox script imports it on ${importers}; or use a certificate from a trusted CA.`,
        });
        continue;
      }
      const type = edge.view.object('certificate')?.string('type');
      if (!type || canonical(type.value, CERTIFICATE_TYPES) !== 'selfSigned') continue;
      context.report({
        target: type.node,
        message: `${e} uses its self-signed certificate: Mailbox servers do not trust it. The generated mailbox script imports it on ${importers} (export it on the Edge first); or use a certificate from a trusted CA.`,
      });
    }
  },
};
