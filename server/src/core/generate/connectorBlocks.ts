import type { ObjectView } from '../model/objectView';
import type { ReceiveConnector, SendConnector } from '../model/topology';
import {
  type GenerationContext,
  builtInReceiveIdentity,
  builtInReceiveName,
  connectorName,
} from './context';
import {
  RECEIVE_NON_PARAMETER_KEYS,
  SEND_NON_PARAMETER_KEYS,
  omittedOnEdge,
  receiveParameter,
  sendParameter,
  type ParameterSpec,
} from './parameters';
import { changeCall } from './exchangeCall';
import { quote, topologyValue } from './powershell';
import type { ScriptWriter } from './scriptWriter';

/**
 * The blocks that create or update one connector, shared by the Edge and the
 * mailbox scripts. Every cmdlet call is written out literally with its
 * parameters; the only variables are the connector just read back and the
 * credentials asked for at the top of the script.
 */

/** One `$credentialN` per credential a script uses, numbered in order of first use. */
export class CredentialVariables {
  private readonly variables = new Map<string, string>();

  constructor(private readonly context: GenerationContext) {}

  /** Registers the credential a send connector uses, if any. */
  collect(connector: SendConnector): void {
    const name = connector.authenticationCredential?.value;
    if (name === undefined) return;
    const key = name.toLowerCase();
    if (!this.variables.has(key)) this.variables.set(key, `$credential${this.variables.size + 1}`);
  }

  variable(name: string): string {
    const variable = this.variables.get(name.toLowerCase());
    if (!variable) throw new Error('credential used before it was collected');
    return variable;
  }

  get isEmpty(): boolean {
    return this.variables.size === 0;
  }

  /** Asks for each password once, up front, so that no change is made before every answer is in. */
  write(w: ScriptWriter): void {
    if (this.isEmpty) return;
    w.comment(
      'Passwords are never stored: each account is asked for once, with its user name filled in.',
      'Under -WhatIf nothing is changed, so nothing is asked.',
    );
    for (const [key, variable] of this.variables) {
      const credential = this.context.index.credential(key);
      // Stryker disable next-line OptionalChaining: equivalent; generation refuses an unknown credential (unknown-reference error), and a credential has a name
      const name = credential?.name?.value ?? key;
      // Stryker disable next-line OptionalChaining: equivalent; generation refuses an unknown credential (unknown-reference error)
      const userName = credential?.userName?.value;
      const message = `Password of the account that the send connectors of this script use for Basic authentication to their smart hosts (EdgeFlow credential "${name}").`;
      w.line(`${variable} = $null`);
      w.block('if (-not $WhatIfPreference)', () => {
        const user = userName === undefined ? '' : ` -UserName ${quote(userName)}`;
        w.line(`${variable} = Get-Credential${user} -Message ${quote(message)}`);
        w.line(
          `if ($null -eq ${variable}) { throw 'No credential was entered; nothing was changed.' }`,
        );
      });
    }
    w.line();
  }
}

type Mode = 'new' | 'set';

function argumentsOf(
  view: ObjectView,
  mode: Mode,
  nonParameters: readonly string[],
  lookup: (key: string) => ParameterSpec | undefined,
  credentials?: CredentialVariables,
  onEdge = false,
): string[] {
  const result: string[] = [];
  for (const key of view.keys()) {
    // The name and the server are written first (New) or are the identity (Set).
    if (key === 'name' || key === 'server' || nonParameters.includes(key)) continue;
    const spec = lookup(key);
    const node = view.valueNode(key);
    if (!spec || !node || (spec.cmdlets !== 'both' && spec.cmdlets !== mode)) continue;
    if (onEdge && omittedOnEdge(spec, node)) continue;
    const value =
      key === 'authenticationCredential' && credentials && node.type === 'string'
        ? credentials.variable(node.value as string)
        : topologyValue(node);
    result.push(`-${spec.parameter} ${value}`);
  }
  return result;
}

const call = changeCall;

export function writeSendConnector(
  w: ScriptWriter,
  connector: SendConnector,
  credentials: CredentialVariables,
  onEdge = false,
): void {
  const name = quote(connectorName(connector));
  const args = (mode: Mode) => [
    ...argumentsOf(
      connector.view,
      mode,
      SEND_NON_PARAMETER_KEYS,
      sendParameter,
      credentials,
      onEdge,
    ),
    ...clearedSmartHosts(connector, mode),
  ];
  w.line(
    `$sendConnector = Get-SendConnector -Identity ${name} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${name} } | Select-Object -First 1`,
  );
  w.branches([
    {
      head: 'if ($null -eq $sendConnector)',
      body: () =>
        w.block(`if ($PSCmdlet.ShouldProcess(${name}, 'Create the send connector'))`, () =>
          w.line(call('New-SendConnector', [`-Name ${name}`, ...args('new')])),
        ),
    },
    {
      head: `elseif ($PSCmdlet.ShouldProcess(${name}, 'Update the send connector'))`,
      body: () => w.line(call('Set-SendConnector', [`-Identity ${name}`, ...args('set')])),
    },
  ]);
}

/**
 * `-SmartHosts $null` when an update switches a connector to DNS routing: Set-SendConnector
 * keeps the smart hosts it is not given, and Exchange reads DNSRoutingEnabled back as "no
 * smart hosts" (research SC-02), so without it the connector would go on using them.
 */
function clearedSmartHosts(connector: SendConnector, mode: Mode): string[] {
  const dnsRouting = connector.view.boolean('dnsRoutingEnabled')?.value === true;
  return mode === 'set' && dnsRouting && !connector.view.has('smartHosts')
    ? ['-SmartHosts $null']
    : [];
}

function receiveArguments(connector: ReceiveConnector, mode: Mode, onEdge: boolean): string[] {
  return argumentsOf(
    connector.view,
    mode,
    RECEIVE_NON_PARAMETER_KEYS,
    receiveParameter,
    undefined,
    onEdge,
  );
}

/** A receive connector created with New-ReceiveConnector (or updated when it exists). */
export function writeReceiveConnector(
  w: ScriptWriter,
  context: GenerationContext,
  connector: ReceiveConnector,
): void {
  const name = quote(connectorName(connector));
  const identity = quote(context.receiveIdentity(connector));
  const serverNode = connector.view.valueNode('server');
  const server = serverNode ? [`-Server ${topologyValue(serverNode)}`] : [];
  const host = connector.server && context.index.server(connector.server.value);
  const onEdge = host !== undefined && context.index.isEdge(host);
  const setOnly = argumentsOf(
    connector.view,
    'set',
    RECEIVE_NON_PARAMETER_KEYS,
    (key) => {
      const spec = receiveParameter(key);
      return spec?.cmdlets === 'set' ? spec : undefined;
    },
    undefined,
    onEdge,
  );
  const setArgs = receiveArguments(connector, 'set', onEdge);
  w.line(
    `$receiveConnector = Get-ReceiveConnector -Identity ${identity} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${name} } | Select-Object -First 1`,
  );
  const create = {
    head: 'if ($null -eq $receiveConnector)',
    body: () =>
      w.block(`if ($PSCmdlet.ShouldProcess(${identity}, 'Create the receive connector'))`, () => {
        w.line(
          call('New-ReceiveConnector', [
            `-Name ${name}`,
            ...server,
            ...receiveArguments(connector, 'new', onEdge),
          ]),
        );
        // Parameters that only Set-ReceiveConnector has are applied right after creation.
        if (setOnly.length > 0)
          w.line(call('Set-ReceiveConnector', [`-Identity ${identity}`, ...setOnly]));
      }),
  };
  const update = {
    head: `elseif ($PSCmdlet.ShouldProcess(${identity}, 'Update the receive connector'))`,
    body: () => w.line(call('Set-ReceiveConnector', [`-Identity ${identity}`, ...setArgs])),
  };
  w.branches(setArgs.length > 0 ? [create, update] : [create]);
}

/**
 * The Edge's built-in receive connector, renamed and rebound with
 * Set-ReceiveConnector. It is looked up by its real identity,
 * `<EDGE>\Default internal receive connector <EDGE>`; once renamed (when the
 * script runs again) that identity is gone and the connector is updated under
 * its new name.
 */
export function writeDefaultReceiveConnector(
  w: ScriptWriter,
  context: GenerationContext,
  connector: ReceiveConnector,
  edgeName: string,
): void {
  const name = quote(connectorName(connector));
  const identity = quote(context.receiveIdentity(connector));
  const builtInName = quote(builtInReceiveName(edgeName));
  const builtIn = quote(builtInReceiveIdentity(edgeName));
  // Only an Edge has a built-in receive connector of this kind.
  const args = receiveArguments(connector, 'set', true);
  if (connector.view.has('usage')) {
    w.comment(
      'Usage is set only when a connector is created; the built-in connector keeps its own.',
    );
  }
  w.line(
    `$receiveConnector = Get-ReceiveConnector -Identity ${builtIn} -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq ${builtInName} } | Select-Object -First 1`,
  );
  const rename = {
    head: 'if ($null -ne $receiveConnector)',
    body: () =>
      w.block(
        `if ($PSCmdlet.ShouldProcess(${builtIn}, 'Rename and rebind the built-in receive connector'))`,
        () =>
          w.line(call('Set-ReceiveConnector', [`-Identity ${builtIn}`, `-Name ${name}`, ...args])),
      ),
  };
  const update = {
    head: `elseif ($PSCmdlet.ShouldProcess(${identity}, 'Update the receive connector'))`,
    body: () => w.line(call('Set-ReceiveConnector', [`-Identity ${identity}`, ...args])),
  };
  w.branches(args.length > 0 ? [rename, update] : [rename]);
}
