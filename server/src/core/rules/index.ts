import { adapterCrossover } from './adapter-crossover';
import { addressSpaceSyntax } from './address-space-syntax';
import { authMechanismCombination } from './auth-mechanism-combination';
import { basicAuthWithoutTls } from './basic-auth-without-tls';
import { bindingNotLocal } from './binding-not-local';
import { bindingSyntax } from './binding-syntax';
import { credentialRequired } from './credential-required';
import { credentialScope } from './credential-scope';
import { dashdashPlacement } from './dashdash-placement';
import { duplicateName } from './duplicate-name';
import { edgeSubscribed } from './edge-subscribed';
import { externallySecuredWithoutProtection } from './externally-secured-without-protection';
import { fileTooLarge } from './file-too-large';
import { invalidSuppression } from './invalid-suppression';
import { ipAddressSyntax } from './ip-address-syntax';
import { jsonSyntax } from './json-syntax';
import { missingConnector } from './missing-connector';
import { noAcceptedDomains } from './no-accepted-domains';
import { notValidOnRole } from './not-valid-on-role';
import { permissionGroups } from './permission-groups';
import { receiveConnectorConflict } from './receive-connector-conflict';
import { receiveName } from './receive-name';
import { remoteRangeSyntax } from './remote-range-syntax';
import { schema } from './schema';
import { secretInTopology } from './secret-in-topology';
import { selfSignedCertificate } from './self-signed-certificate';
import { serverNameLength } from './server-name-length';
import { smarthostAuthWithoutSmarthosts } from './smarthost-auth-without-smarthosts';
import { smarthostNameForTls } from './smarthost-name-for-tls';
import { smarthostTarget } from './smarthost-target';
import { smarthostsDnsRouting } from './smarthosts-dns-routing';
import { sourceNotInRemoteRanges } from './source-not-in-remote-ranges';
import { tlsCombination } from './tls-combination';
import { unknownReference } from './unknown-reference';
import { wrongRole } from './wrong-role';
import { hopRefused } from './hop-refused';
import { internalRelay } from './internal-relay';
import { mailLoop } from './mail-loop';
import { noRoute } from './no-route';
import { openRelay } from './open-relay';
import type { Rule } from './rule';

/**
 * Every rule, listed explicitly and sorted by code so that a newcomer sees
 * them all in one place (a meta-test keeps the list sorted and complete).
 */
export const RULES: readonly Rule[] = [
  adapterCrossover,
  addressSpaceSyntax,
  authMechanismCombination,
  basicAuthWithoutTls,
  bindingNotLocal,
  bindingSyntax,
  credentialRequired,
  credentialScope,
  dashdashPlacement,
  duplicateName,
  edgeSubscribed,
  externallySecuredWithoutProtection,
  fileTooLarge,
  hopRefused,
  internalRelay,
  invalidSuppression,
  ipAddressSyntax,
  jsonSyntax,
  mailLoop,
  missingConnector,
  noAcceptedDomains,
  noRoute,
  notValidOnRole,
  openRelay,
  permissionGroups,
  receiveConnectorConflict,
  receiveName,
  remoteRangeSyntax,
  schema,
  secretInTopology,
  selfSignedCertificate,
  serverNameLength,
  smarthostAuthWithoutSmarthosts,
  smarthostNameForTls,
  smarthostTarget,
  smarthostsDnsRouting,
  sourceNotInRemoteRanges,
  tlsCombination,
  unknownReference,
  wrongRole,
];

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}
