import { getNodePath } from 'jsonc-parser';
import type { Fix } from '../findings';
import { fix, removeAt, replaceNode } from '../fix/edits';
import {
  parseAddressSpace,
  smtpAddressProblem,
  withAddress,
  withCost,
} from '../model/addressSpace';
import type { Spanned } from '../model/objectView';
import { connectorName, isDnsRouted } from '../model/sendConnectorFacts';
import type { SendConnector } from '../model/topology';
import type { Rule, RuleContext } from './rule';

export const addressSpaceSyntax: Rule = {
  code: 'address-space-syntax',
  severity: 'error',
  alsoReports: ['warning'],
  summary: 'A send connector address space has an invalid syntax, type or cost.',
  description: [
    'Each `addressSpaces` entry is `[Type:]AddressSpace[;Cost]`. The type defaults to SMTP (any letter case);',
    'the cost is a whole number from 1 to 100 (default 1). An SMTP address space is `*`, a domain such as',
    '`contoso.com`, or `*.` followed by a domain (the domain and its subdomains); `*contoso.com` is invalid.',
    'On an Edge Transport server the type must be SMTP. These are errors.',
    '',
    'Reported as warnings, because only the decompiled Exchange 2013 code shows them: a non-SMTP type on a',
    'connector that routes by DNS (New-SendConnector refuses it), an entry that starts with `Local:` (use',
    '`isScopedConnector` instead), a non-SMTP entry with no address, and a non-SMTP entry whose text after',
    "the last ';' is not a cost (an X400 address must then end with ';').",
    '',
    'Not reported: `--` (see `dashdash-placement`), single-label domains, underscores and hyphens anywhere in',
    "a label (Exchange's own domain check accepts them), the same domain listed twice, and the address part",
    'of non-SMTP types such as X400 beyond being non-empty.',
  ].join('\n'),
  bad: '{ "name": "To Contoso", "server": "EDGE01", "addressSpaces": ["*contoso.com;0", "X400:c=US;a=;p=Contoso;"] }',
  good: '{ "name": "To Contoso", "server": "EDGE01", "addressSpaces": ["*.contoso.com;1"] }',
  sources: 'SC-05; §1.1 AddressSpaces; [PS:New-SendConnector] AddressSpaces; [CODE:AS].',
  check(context) {
    for (const connector of context.topology.sendConnectors) {
      for (const entry of connector.addressSpaces) checkEntry(context, connector, entry);
    }
  },
};

function checkEntry(context: RuleContext, connector: SendConnector, entry: Spanned<string>): void {
  const name = connectorName(connector);
  const text = entry.value;
  const replace = (title: string, value: string, preferred = false): Fix =>
    fix(title, replaceNode(entry.node, value), preferred);
  if (text.trim() === '') {
    const others = connector.addressSpaces.length > 1;
    context.report({
      target: entry.node,
      message: `${name} has an empty address space: remove it, or write a domain such as 'contoso.com' or '*'.`,
      fixes: () =>
        others
          ? [
              fix(
                'Remove the empty address space',
                removeAt(context.text, getNodePath(entry.node)),
                true,
              ),
            ]
          : [],
    });
    return;
  }
  const parts = parseAddressSpace(text);
  if (parts.local) {
    const rest = text.slice('Local:'.length);
    context.report({
      target: entry.node,
      severity: 'warning',
      message: `${name}: the address space '${text}' starts with 'Local:', which New-SendConnector refuses. Remove the prefix; to keep the connector to its Active Directory site, set isScopedConnector to true.`,
      fixes: () =>
        problemsOf(rest).length === 0 ? [replace("Remove the 'Local:' prefix", rest)] : [],
    });
    return;
  }
  if (!parts.isSmtp) {
    if (context.index.edgeOf(connector)) {
      context.report({
        target: entry.node,
        message: `${name} is configured on an Edge Transport server, where every address space must be of type SMTP, not '${parts.type}'. Use an SMTP domain such as 'contoso.com'.`,
      });
      return;
    }
    if (parts.address.trim() === '') {
      context.report({
        target: entry.node,
        severity: 'warning',
        message: `${name}: the ${parts.type} address space '${text}' has no address after the type. Write the address after '${parts.type}:'.`,
      });
    } else if (isDnsRouted(connector)) {
      context.report({
        target: entry.node,
        severity: 'warning',
        message: `${name} routes by DNS, so it cannot carry the ${parts.type} address space '${text}' (New-SendConnector refuses it): use smart hosts with dnsRoutingEnabled false, or an SMTP address space.`,
      });
    }
  } else {
    const problem = smtpAddressProblem(parts.address);
    if (problem) {
      const starred = /^\*[^.]/.test(parts.address) ? `*.${parts.address.slice(1)}` : undefined;
      const repaired =
        starred !== undefined && !smtpAddressProblem(starred)
          ? withAddress(text, parts, starred)
          : undefined;
      context.report({
        target: entry.node,
        message: `${name} has an invalid SMTP address space '${text}': ${problem}. ${repaired ? `Write '${repaired}'.` : "Write '*', a domain such as 'contoso.com', or '*.contoso.com'."}`,
        fixes: () => (repaired ? [replace(`Change to '${repaired}'`, repaired, true)] : []),
      });
    }
  }
  checkCost(context, name, entry, parts);
}

function checkCost(
  context: RuleContext,
  name: string,
  entry: Spanned<string>,
  parts: ReturnType<typeof parseAddressSpace>,
): void {
  if (parts.costText === undefined || parts.costText === '') return;
  const text = entry.value;
  if (parts.cost === undefined && !parts.isSmtp) {
    // X400 and other addresses contain ';' themselves: Exchange takes the text after the last one as the cost.
    context.report({
      target: entry.node,
      severity: 'warning',
      message: `${name}: Exchange reads the text after the last ';' of '${text}' as its cost, and '${parts.costText}' is not a whole number. End the ${parts.type} address with ';' (then add the cost after it, if any).`,
      fixes: () => [fix("End the address with ';'", replaceNode(entry.node, `${text};`))],
    });
  } else if (parts.cost === undefined) {
    context.report({
      target: entry.node,
      message: `${name}: the cost '${parts.costText}' of the address space '${text}' is not a whole number. Write a cost from 1 to 100 after ';', or leave it out (default 1).`,
      fixes: () => [
        fix(
          'Remove the cost (default 1)',
          replaceNode(entry.node, text.slice(0, text.lastIndexOf(';'))),
        ),
      ],
    });
  } else if (parts.cost < 1 || parts.cost > 100) {
    const clamped = parts.cost < 1 ? 1 : 100;
    context.report({
      target: entry.node,
      message: `${name}: the cost ${parts.cost} of the address space '${text}' is outside 1–100. Use a cost from 1 (preferred route) to 100.`,
      fixes: () => [
        fix(`Set the cost to ${clamped}`, replaceNode(entry.node, withCost(text, parts, clamped))),
      ],
    });
  }
}

/** What is wrong with an entry on its own (no connector context): used to vet a fix. */
function problemsOf(text: string): string[] {
  if (text.trim() === '') return ['empty'];
  const parts = parseAddressSpace(text);
  const problems: string[] = [];
  if (parts.local) problems.push('local');
  if (parts.isSmtp && smtpAddressProblem(parts.address)) problems.push('address');
  if (!parts.isSmtp) problems.push('type');
  if (parts.costText && (parts.cost === undefined || parts.cost < 1 || parts.cost > 100))
    problems.push('cost');
  return problems;
}
