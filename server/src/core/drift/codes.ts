import type { Severity } from '../findings';
import { KEPT_IN_COMMENT } from '../export/importTopology';
import { DRIFT_EXTRA, DRIFT_MISSING, DRIFT_PROPERTY } from './driftFinding';

/**
 * The codes that are not rules: they come from comparing the topology with
 * what the servers hold (`edgeflow drift`, "Compare with Servers") or from an
 * import, never from the topology alone, so they are not in rules/ (a rule's
 * `check` sees only the file, and its fixtures and examples are topologies).
 * RULES.md documents them in a section of their own, from this list.
 */
export interface ComparisonCode {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
  readonly fixes: string;
  readonly sources: string;
}

const FIXES =
  "Two quick fixes. **Take the server's value** edits the file to say what the server holds. **Keep the file** says that the generated script sets the server back: it edits nothing where the file already declares the value (in the editor it dismisses that diagnostic), declares Exchange's default explicitly where the file left the property out (the generated scripts set only what is declared), and names the cmdlet where the scripts never act (they do not remove connectors, accepted domains or rights).";

export const COMPARISON_CODES: readonly ComparisonCode[] = [
  {
    code: DRIFT_MISSING,
    severity: 'error',
    summary: 'An object the topology declares is not on the server.',
    description: [
      'A send or receive connector, an accepted domain of an Edge or an address of an adapter is in the',
      'file but not in what the server exported (or its verification script found it missing). Names',
      'compare without regard to case, as Exchange compares them. Reported on the object.',
    ].join('\n'),
    fixes: FIXES,
    sources: '[PS:Get-SendConnector], [PS:Get-ReceiveConnector]; SPEC §2.',
  },
  {
    code: DRIFT_EXTRA,
    severity: 'error',
    summary: 'The server has an object the topology does not declare.',
    description: [
      'A send or receive connector or an accepted domain on an Edge, or a send connector of the',
      "organization, that the file does not declare, reported on the server's entry (or on the list",
      'for the organization). The built-in receive connector of an Edge is not reported while the',
      'topology declares no `"default": true` connector: it is then left as setup made it. The',
      'receive connectors of Mailbox servers that the topology does not declare are not reported:',
      'a Mailbox server carries connectors for other purposes.',
    ].join('\n'),
    fixes: FIXES,
    sources: '[PS:Get-SendConnector], [PS:Get-ReceiveConnector]; SPEC §2.',
  },
  {
    code: DRIFT_PROPERTY,
    severity: 'error',
    summary: 'A value on the server differs from the topology; the message gives both.',
    description: [
      'Values compare as the verification script compares them: lists as sets, sizes in bytes',
      '(`35 MB (36,700,160 bytes)` equals `35 MB`), time spans, IP ranges as address intervals',
      '(`10.0.0.0/24` equals `10.0.0.0-10.0.0.255`), bindings with the address re-printed, address',
      'spaces with their type and cost, flags as sets, names without case. A property the file',
      "leaves out is compared with what the file implies (the usage's permission groups and",
      "mechanisms, the built-in connector's settings) or with Exchange's default. Also reported:",
      'a right the Edge script grants that the server lacks, and a right granted with',
      'Add-ADPermission that the topology has no setting for. Reported on the declared value, or on',
      "the connector's name for a property the file leaves out.",
    ].join('\n'),
    fixes: FIXES,
    sources:
      '[PS:Get-SendConnector], [PS:Get-ReceiveConnector], [PS:Get-ADPermission]; [EX:mail-flow/connectors/receive-connectors.md]; SPEC §2.',
  },
  {
    code: KEPT_IN_COMMENT,
    severity: 'information',
    summary: 'An imported value the topology format cannot express was kept in a comment.',
    description: [
      "`edgeflow import` writes every setting that differs from Exchange's default; one the format",
      'has no place for (a right granted with Add-ADPermission, a time span with fractions of a',
      'second) is written in a comment on its connector instead, and this information points at it:',
      'the generated scripts will not set it. Reported only by the import, on the comment.',
    ].join('\n'),
    fixes: 'None: decide whether the server should keep it, and set it there by hand if so.',
    sources: '[PS:Get-ADPermission]; SPEC §2.',
  },
];

export function comparisonCode(code: string): ComparisonCode | undefined {
  return COMPARISON_CODES.find((c) => c.code === code);
}
