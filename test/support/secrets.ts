import { referenceTopology } from './repo';

/**
 * A topology that holds secrets, each value a marker that must never be
 * repeated by any output: the CLI's reports in every format, the refusal to
 * generate, the language server's diagnostics and answers.
 */

export const SECRET_MARKER = 'Pa55-MARKER-7f3a';

/** Every secret value of SECRET_TOPOLOGY contains SECRET_MARKER (a number holds its digits). */
export const SECRET_NUMBER_MARKER = 73_517_950_731;

/**
 * The reference with a secret in a credential (one after its user name), a
 * connector, an adapter, the organization and the root.
 */
export const SECRET_TOPOLOGY = referenceTopology()
  .replace(
    '"scope": "activeDirectory" }',
    `"scope": "activeDirectory", "password": "${SECRET_MARKER}-1" }`,
  )
  .replace(
    '"authenticationCredential": "OrgToEdge"',
    `"authenticationCredential": "OrgToEdge", "smartHostPassword": "${SECRET_MARKER}-2"`,
  )
  .replace(
    '"network": "internet", "ipAddresses": ["10.1.1.1"]',
    `"network": "internet", "ipAddresses": ["10.1.1.1"], "pwd": ${SECRET_NUMBER_MARKER}`,
  )
  .replace(
    '"name": "Contoso",',
    `"name": "Contoso", "passphrase": ["${SECRET_MARKER}-3", { "value": "${SECRET_MARKER}-4" }],`,
  )
  .replace(
    '"version": 1,',
    `"version": 1, "clientSecret": { "secret": "${SECRET_MARKER}-5", "nested": [{ "PASSWD": "${SECRET_MARKER}-6" }] },`,
  )
  .replace(
    '"userName": "EDGE01\\\\mbxrelay",',
    `"userName": "EDGE01\\\\mbxrelay:${SECRET_MARKER}-8", "apiKey": "${SECRET_MARKER}-9", "access_token": "${SECRET_MARKER}-10",`,
  )
  .replace(
    '"bindings": ["10.1.1.2:25"],',
    `"bindings": ["10.1.1.2:25"], "adminPassword": "${SECRET_MARKER}-7",`,
  );

/** The secret keys above, each reported by secret-in-topology. */
export const SECRET_KEYS = [
  'password',
  'smartHostPassword',
  'pwd',
  'passphrase',
  'clientSecret',
  'secret',
  'PASSWD',
  'adminPassword',
  'userName',
  'apiKey',
  'access_token',
];

/** Whether `output` repeats a secret. */
export function leaksSecret(output: string): boolean {
  return output.includes('MARKER-7f3a') || output.includes(String(SECRET_NUMBER_MARKER));
}
