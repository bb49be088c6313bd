import type { Node } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import type { Finding } from '../findings';
import {
  isExchangeDefault,
  defaultValue,
  type DefaultContext,
  type Side,
} from '../export/defaults';
import type { ExportedProperties, ExportedValue } from '../export/document';
import { toTopologyValue } from '../export/topologyValues';
import { sameValue } from '../export/values';
import { RECEIVE_PARAMETERS, SEND_PARAMETERS, type ParameterSpec } from '../generate/parameters';
import type { BuiltInReceiveConnector } from '../model/builtInReceiveConnectors';
import type { ObjectView } from '../model/objectView';
import { defaultAuthMechanisms, defaultPermissionGroups } from '../model/receiveConnectorFacts';
import type { ReceiveConnector, Role, SendConnector } from '../model/topology';
import { builtInBindings } from '../export/builtIns';
import { DRIFT_PROPERTY, driftFinding, keepFix, takeEdits, takeFix } from './driftFinding';

/**
 * Property drift of one declared connector against its live counterpart:
 * every parameter the export holds (document.ts: every one that reads back),
 * compared after normalisation (export/values.ts, the verification script's).
 * A declared key is compared with its declared value and reported on it; an
 * undeclared key is compared with what the topology implies (the usage's
 * permission groups and mechanisms, the built-in connector's bindings) or
 * with Exchange's default (export/defaults.ts), and reported on the
 * connector's name.
 */

export interface ConnectorPair {
  readonly side: Side;
  readonly view: ObjectView;
  /** `"To Internet" on EDGE01`: how messages name it. */
  readonly label: string;
  readonly properties: ExportedProperties;
  readonly role: Role;
  readonly serverFqdn?: string;
  readonly usage?: string;
  /** The declared receive connector, for what its usage implies. */
  readonly receive?: ReceiveConnector;
  readonly send?: SendConnector;
  readonly builtIn?: BuiltInReceiveConnector;
  /** The live user name of the declared credential, for AuthenticationCredential. */
  readonly credentialUserName?: string;
  readonly sourceServerName?: (value: string) => string;
}

function has(properties: ExportedProperties, parameter: string): boolean {
  return Object.prototype.hasOwnProperty.call(properties, parameter);
}

/** A declared JSON value as Exchange would print it, for comparison. */
function declaredValue(node: Node, map?: (value: string) => string): ExportedValue {
  const print = (n: Node): string => {
    const raw = n.value as unknown;
    const text =
      typeof raw === 'boolean' ? (raw ? 'True' : 'False') : String(raw as string | number);
    return map ? map(text) : text;
  };
  if (node.type === 'array') return (node.children ?? []).map(print);
  return print(node);
}

export function shown(value: ExportedValue | undefined): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return value.length === 0 ? '(none)' : value.join(', ');
}

/** What the topology implies for a key it leaves out; undefined when nothing is implied. */
function implied(pair: ConnectorPair, spec: ParameterSpec): ExportedValue | 'default' | undefined {
  const connector = pair.receive;
  switch (spec.key) {
    case 'authMechanism':
      return connector ? (defaultAuthMechanisms(connector, pair.role) ?? undefined) : undefined;
    case 'permissionGroups':
      if (!connector) return undefined;
      // Custom's "no group" prints as None.
      return (defaultPermissionGroups(connector, pair.role) ?? ['x']).length === 0
        ? 'None'
        : (defaultPermissionGroups(connector, pair.role) ?? undefined);
    case 'bindings':
      // A new connector must declare its bindings; the built-in keeps setup's.
      return pair.builtIn ? builtInBindings(pair.builtIn) : undefined;
    case 'remoteIPRanges':
      return ['0.0.0.0-255.255.255.255'];
    case 'smartHosts':
      return [];
    case 'dnsRoutingEnabled':
    case 'sourceTransportServers':
    case 'addressSpaces':
      // Derived from the smart hosts, the local server, or required: nothing to compare alone.
      return undefined;
    default:
      return 'default';
  }
}

export function connectorDrift(analysis: Analysis, pair: ConnectorPair): Finding[] {
  const findings: Finding[] = [];
  const text = analysis.document.text;
  const nameNode = pair.view.valueNode('name') ?? pair.view.node;
  const specs = pair.side === 'send' ? SEND_PARAMETERS : RECEIVE_PARAMETERS;
  const defaults: DefaultContext = {
    role: pair.role,
    serverFqdn: pair.serverFqdn,
    usage: pair.usage,
  };
  for (const spec of specs) {
    if (spec.key === 'authenticationCredential') {
      findings.push(...credentialDrift(pair, nameNode));
      continue;
    }
    if (!spec.check || !has(pair.properties, spec.parameter)) continue;
    if (spec.key === 'transportRole' && pair.role === 'Edge') continue;
    const live = pair.properties[spec.parameter] ?? null;
    const node = pair.view.valueNode(spec.key);
    const take = (): ReturnType<typeof takeFix> => {
      const converted = toTopologyValue(spec, live);
      if (converted?.unexpressible !== undefined) return undefined;
      const title = converted
        ? `Take the server's value: ${spec.key} ${JSON.stringify(converted.value)}`
        : `Take the server's value: no ${spec.key}`;
      if (node) {
        if (!converted) return takeFix(title, takeEdits.remove(text, node.parent ?? node));
        return takeFix(title, takeEdits.replace(node, converted.value));
      }
      return converted
        ? takeFix(title, takeEdits.set(text, [...pair.view.path, spec.key], converted.value))
        : undefined;
    };
    if (node) {
      const map = spec.key === 'sourceTransportServers' ? pair.sourceServerName : undefined;
      const declared = declaredValue(node, map);
      if (sameValue(spec.check, declared, live)) continue;
      findings.push(
        driftFinding(
          DRIFT_PROPERTY,
          node,
          `${pair.label}: ${spec.parameter} is ${shown(live)} on the server, ${shown(declared)} in the topology.`,
          () => [
            take(),
            keepFix(
              `Keep the file's ${spec.key}: the generated script sets ${shown(declared)} on the server when it runs`,
            ),
          ],
        ),
      );
      continue;
    }
    const expected = implied(pair, spec);
    if (expected === undefined) continue;
    if (expected === 'default') {
      if (isExchangeDefault(pair.side, spec, live, defaults)) continue;
    } else if (sameValue(spec.check, expected, live)) continue;
    const restore = expected === 'default' ? defaultValue(pair.side, spec, defaults) : expected;
    const restored = restore === undefined ? undefined : toTopologyValue(spec, restore);
    findings.push(
      driftFinding(
        DRIFT_PROPERTY,
        nameNode,
        `${pair.label}: ${spec.parameter} is ${shown(live)} on the server; the topology leaves it out, which means ${shown(restore ?? null)}.`,
        () => [
          take(),
          restored?.value !== undefined
            ? keepFix(
                `Keep the file: declare ${spec.key} ${shown(restore ?? null)} explicitly, so that the generated script sets it back`,
                takeEdits.set(text, [...pair.view.path, spec.key], restored.value),
              )
            : undefined,
        ],
      ),
    );
  }
  return findings;
}

function credentialDrift(pair: ConnectorPair, nameNode: Node): Finding[] {
  if (pair.side !== 'send' || !has(pair.properties, 'AuthenticationCredential')) return [];
  const live = pair.properties['AuthenticationCredential'] ?? null;
  const declared = pair.credentialUserName ?? null;
  if (sameValue('text', declared, live)) return [];
  const node = pair.view.valueNode('authenticationCredential') ?? nameNode;
  return [
    driftFinding(
      DRIFT_PROPERTY,
      node,
      `${pair.label}: AuthenticationCredential is ${shown(live)} on the server, ${shown(declared)} in the topology.`,
      // The user name lives in the credentials list, possibly shared: only the keep fix is safe.
      () => [
        keepFix(
          `Keep the file's credential: the generated script asks for ${shown(declared)}'s password and sets it on the server`,
        ),
      ],
    ),
  ];
}
