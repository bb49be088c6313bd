import type { Node } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import type { ExportedValue } from '../export/document';
import { isListKey, toTopologyValue } from '../export/topologyValues';
import { RECEIVE_PARAMETERS, SEND_PARAMETERS, type ParameterSpec } from '../generate/parameters';
import { parseDocument } from '../parse/parseDocument';
import { DEFAULT_MAX_FILE_SIZE } from '../rules/file-too-large';
import type { ObjectView } from '../model/objectView';
import type { Server } from '../model/topology';
import { nameKey } from '../model/topologyIndex';
import {
  DRIFT_EXTRA,
  DRIFT_MISSING,
  DRIFT_PROPERTY,
  driftFinding,
  keepFix,
  takeEdits,
  takeFix,
} from './driftFinding';

/**
 * Drift from a verification script's `-Json` output (verifyScript.ts,
 * verifyPrelude.ts's report): a list of {name, status, expected, actual}
 * checks, `ConvertTo-Json` of an array (Windows PowerShell 5.1 prints a
 * one-element array as a bare object, which is accepted too). Each FAIL whose
 * name the generator writes for an object of the topology becomes the
 * finding `drift()` would give; the values are the script's texts (lists
 * joined with ", "). A FAIL of another kind (name resolution, a TCP port, an
 * account) is no difference between the file and Exchange's configuration:
 * it is returned in `unmatched` for the caller to print.
 */

export interface VerificationResult {
  readonly name: string;
  readonly status: string;
  readonly expected: string;
  readonly actual: string;
}

export type VerificationRead =
  | { readonly results: readonly VerificationResult[]; readonly problem?: undefined }
  | { readonly problem: string; readonly results?: undefined };

/** Whether a parsed JSON value looks like verification output rather than an export document. */
export function isVerificationOutput(value: unknown): boolean {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return (
    typeof first === 'object' &&
    first !== null &&
    'status' in first &&
    'name' in first &&
    !('format' in first)
  );
}

export function readVerificationResults(text: string, fileName: string): VerificationRead {
  if (text.length > DEFAULT_MAX_FILE_SIZE)
    return {
      problem: `${fileName}: too large to be verification output (${text.length} characters)`,
    };
  const parsed = parseDocument(text);
  if (parsed.problems.length > 0)
    return { problem: `${fileName}: not valid JSON: ${parsed.problems[0]?.message ?? ''}` };
  const value = parsed.value;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const results: VerificationResult[] = [];
  for (const [i, item] of list.entries()) {
    if (typeof item !== 'object' || item === null)
      return { problem: `${fileName}: $[${i}]: expected a check object` };
    const record = item as Record<string, unknown>;
    const text = (key: string): string | undefined => {
      const v = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
      return typeof v === 'string' ? v : v === null ? '' : undefined;
    };
    const name = text('name');
    const status = text('status');
    if (name === undefined || status === undefined)
      return { problem: `${fileName}: $[${i}]: expected "name" and "status" strings` };
    results.push({ name, status, expected: text('expected') ?? '', actual: text('actual') ?? '' });
  }
  return { results };
}

const EDGE_CHECK = 'This computer is the Edge Transport server of this script';

function splitList(spec: ParameterSpec, text: string): ExportedValue {
  if (isListKey(spec.key) || spec.check === 'flags') return text === '' ? [] : text.split(', ');
  return text === '' ? null : text;
}

interface Target {
  readonly view: ObjectView;
  readonly label: string;
  readonly specs: readonly ParameterSpec[];
}

export function driftFromVerification(
  analysis: Analysis,
  results: readonly VerificationResult[],
): { findings: Finding[]; unmatched: VerificationResult[] } {
  const index = analysis.index;
  const text = analysis.document.text;
  const edgeName = results.find((r) => r.name === EDGE_CHECK)?.expected;
  const edge = edgeName === undefined ? undefined : index.server(edgeName);
  const findings: Finding[] = [];
  const unmatched: VerificationResult[] = [];
  const where = edge?.name?.value ?? 'the organization';
  const sendTarget = (name: string): Target | undefined => {
    const candidates = edge ? index.sendConnectorsOn(edge) : index.organizationSendConnectors();
    const connector = candidates.find((c) => c.name && nameKey(c.name.value) === nameKey(name));
    return (
      connector && {
        view: connector.view,
        label: `Send connector "${name}" on ${where}`,
        specs: SEND_PARAMETERS,
      }
    );
  };
  const receiveTarget = (identity: string): Target | undefined => {
    const slash = identity.indexOf('\\');
    const server = index.server(identity.slice(0, slash));
    const name = identity.slice(slash + 1);
    const connector = server
      ? index
          .receiveConnectorsOn(server)
          .find((c) => c.name && nameKey(c.name.value) === nameKey(name))
      : undefined;
    return (
      connector && {
        view: connector.view,
        label: `Receive connector "${name}" on ${server?.name?.value ?? ''}`,
        specs: RECEIVE_PARAMETERS,
      }
    );
  };
  for (const result of results) {
    if (result.status !== 'FAIL') continue;
    const finding =
      presence(result, sendTarget, receiveTarget, text, where) ??
      property(result, sendTarget, receiveTarget, text) ??
      domain(result, analysis, edge, where) ??
      extraConnector(result, edge, analysis, where);
    if (finding) findings.push(finding);
    else unmatched.push(result);
  }
  findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  return { findings, unmatched };
}

function presence(
  result: VerificationResult,
  sendTarget: (name: string) => Target | undefined,
  receiveTarget: (identity: string) => Target | undefined,
  text: string,
  where: string,
): Finding | undefined {
  const match = /^(Send|Receive) connector "(.*)"$/.exec(result.name);
  if (!match || result.actual !== 'missing') return undefined;
  const target = match[1] === 'Send' ? sendTarget(match[2] ?? '') : receiveTarget(match[2] ?? '');
  if (!target) return undefined;
  const node = target.view.valueNode('name') ?? target.view.node;
  return driftFinding(
    DRIFT_MISSING,
    node,
    `${target.label} is declared but is not on the server (${where}'s verification).`,
    () => [
      takeFix(
        `Take the server's state: remove it from the topology`,
        takeEdits.remove(text, target.view.node),
      ),
      keepFix('Keep the file: the generated script creates it when it runs'),
    ],
  );
}

function property(
  result: VerificationResult,
  sendTarget: (name: string) => Target | undefined,
  receiveTarget: (identity: string) => Target | undefined,
  text: string,
): Finding | undefined {
  const match = /^(Send|Receive) connector "(.*)": ([A-Za-z]+)(.*)$/.exec(result.name);
  if (!match) return undefined;
  const target = match[1] === 'Send' ? sendTarget(match[2] ?? '') : receiveTarget(match[2] ?? '');
  const parameter = match[3] ?? '';
  const spec = target?.specs.find((s) => s.parameter === parameter);
  if (!target || !spec) return undefined;
  const node: Node =
    target.view.valueNode(spec.key) ?? target.view.valueNode('name') ?? target.view.node;
  const declared = target.view.valueNode(spec.key);
  const qualifier = (match[4] ?? '').trim();
  return driftFinding(
    DRIFT_PROPERTY,
    node,
    `${target.label}: ${parameter}${qualifier ? ` ${qualifier}` : ''} is ${result.actual || '(none)'} on the server, ${result.expected || '(none)'} in the topology.`,
    () => {
      // A subset check ("include ...") says what is lacking, not the whole value to take.
      const converted =
        qualifier === '' ? toTopologyValue(spec, splitList(spec, result.actual)) : undefined;
      const value = converted?.value;
      return [
        value === undefined
          ? undefined
          : takeFix(
              `Take the server's value: ${spec.key} ${JSON.stringify(value)}`,
              declared
                ? takeEdits.replace(declared, value)
                : takeEdits.set(text, [...target.view.path, spec.key], value),
            ),
        keepFix(
          `Keep the file: the generated script sets ${spec.key} ${result.expected} when it runs`,
        ),
      ];
    },
  );
}

function domain(
  result: VerificationResult,
  analysis: Analysis,
  edge: Server | undefined,
  where: string,
): Finding | undefined {
  const match = /^Accepted domain (.+?)(: DomainType)?$/.exec(result.name);
  if (!match) return undefined;
  const declared = analysis.topology.acceptedDomains.find(
    (d) => nameKey(d.domainName.value) === nameKey(match[1] ?? ''),
  );
  if (!declared) return undefined;
  const node = declared.view?.node ?? declared.domainName.node;
  if (!match[2]) {
    return driftFinding(
      DRIFT_MISSING,
      node,
      `The accepted domain ${declared.domainName.value} is not on ${where}.`,
      () => [
        takeFix(
          `Take the server's state: remove ${declared.domainName.value} from the topology`,
          takeEdits.remove(analysis.document.text, node),
        ),
        keepFix(`Keep the file: the generated script of ${edge?.name?.value ?? ''} creates it`),
      ],
    );
  }
  return driftFinding(
    DRIFT_PROPERTY,
    declared.view?.valueNode('domainType') ?? node,
    `The accepted domain ${declared.domainName.value} on ${where}: DomainType is ${result.actual} on the server, ${result.expected} in the topology.`,
    () => [keepFix(`Keep the file's domainType: the generated script sets ${result.expected}`)],
  );
}

function extraConnector(
  result: VerificationResult,
  edge: Server | undefined,
  analysis: Analysis,
  where: string,
): Finding | undefined {
  const match = /^(Send|Receive) connector "(.*)" is not in the topology$/.exec(result.name);
  if (!match) return undefined;
  const node =
    edge?.name?.node ??
    analysis.topology.root?.keyNode(match[1] === 'Send' ? 'sendConnectors' : 'receiveConnectors');
  if (!node) return undefined;
  return driftFinding(
    DRIFT_EXTRA,
    node,
    `${match[1] ?? ''} connector "${match[2] ?? ''}" is on ${where} but not in the topology.`,
    () => [
      keepFix(
        `Keep the file: ${result.actual.replace(/^present; /, '')} (the generated script does not remove connectors)`,
      ),
    ],
  );
}
