/** The public face of the transport-free core: what the CLI, the server and the tests use. */
export {
  analyze,
  ruleSettingProblems,
  type Analysis,
  type AnalyzeOptions,
  type RuleSetting,
} from './analyze';
export type { Finding, Fix, OffsetRange, RelatedLocation, Severity, TextEdit } from './findings';
export { SEVERITIES } from './findings';
export { applyEdits } from './fix/edits';
export { changeBetween } from './fix/changeBetween';
export {
  fixAll,
  fixesOf,
  preferredFix,
  FIX_ALL_MAX_PASSES,
  type AppliedFix,
  type FixAllOptions,
  type FixAllResult,
} from './fix/fixAll';
export { suppressionEdit } from './fix/suppress';
export { formatEdits, type FormatOptions, type FormattableDocument } from './fix/format';
export { detectFormatOptions, detectIndentation } from './fix/formatOptions';
export { RULES, ruleByCode } from './rules/index';
export type { Rule } from './rules/rule';
export { LineIndex, type LineColumn } from './text/lineIndex';
export { DISABLE_NEXT_LINE, findSuppressions, type SuppressionComment } from './suppression';
export { notTextFinding } from './rules/json-syntax';
export { DEFAULT_MAX_FILE_SIZE } from './rules/file-too-large';
export {
  trace,
  renderTraceText,
  type TraceCell,
  type TraceHop,
  type TracePath,
  type TraceResult,
} from './flow/trace';

// What the adapters (language server, CLI, script files) read of the model,
// the mail flow and the generator: they import the core only through this file
// (eslint.config.mjs enforces it), so that its internals can move freely.
export type {
  AcceptedDomain,
  Credential,
  ReceiveConnector,
  SendConnector,
  Server,
  Topology,
} from './model/topology';
export type { ObjectView, Spanned } from './model/objectView';
export { nameKey, type TopologyIndex } from './model/topologyIndex';
export { serverReferences, type ServerReferenceKind } from './model/references';
export { mailFlow, meets, type Cell, type MailFlow, type Need } from './flow/mailFlow';
export { recipientClassOf, recipientLabel, senderLabel } from './flow/messages';
export type { MailPath, Stop, Verdict } from './flow/paths';
export {
  BYTE_ORDER_MARK,
  CONTENT_HASH_PLACEHOLDER,
  CONTENT_HASH_PREFIX,
  generateScripts,
  type GeneratedFile,
  type GenerationOptions,
  type GenerationResult,
  type ScriptKind,
} from './generate/index';
export { withoutSchemaLine } from './text/schemaLine';
export {
  buildDiagram,
  connectionLine,
  connectionLines,
  diagramSvg,
  drawDiagram,
  escapeXml,
  layoutDiagram,
  messageLines,
  renderSvg,
  type Diagram,
  type DiagramEdge,
  type DiagramMessage,
  type DiagramMessagePath,
  type DiagramNode,
  type DrawResult,
  type LaidOutDiagram,
  type MessageRequest,
} from './diagram/index';
export {
  exportScript,
  exportScriptFile,
  exportedPropertyNames,
  EXPORT_DOCUMENT_SUFFIX,
  EXPORT_SCRIPT_FILE_NAME,
} from './export/exportScript';
export {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ExportedAcceptedDomain,
  type ExportedAdapter,
  type ExportedCertificate,
  type ExportedMailboxServer,
  type ExportedPermission,
  type ExportedProperties,
  type ExportedReceiveConnector,
  type ExportedSendConnector,
  type ExportedServer,
  type ExportedValue,
} from './export/document';

// Import and drift (issue 19): export documents read, turned into a topology, compared with one.
export { readExportDocument, type ReadResult } from './export/read';
export {
  importTopology,
  KEPT_IN_COMMENT,
  type ImportInput,
  type ImportResult,
} from './export/importTopology';
export { importAndAnalyze } from './export/analyzeImport';
export {
  drift,
  driftFromVerification,
  isVerificationOutput,
  readVerificationResults,
  DRIFT_CODES,
  DRIFT_EXTRA,
  DRIFT_MISSING,
  DRIFT_PROPERTY,
  type DriftResult,
  type VerificationResult,
} from './drift/index';
export { COMPARISON_CODES, comparisonCode, type ComparisonCode } from './drift/codes';
