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
export {
  buildDiagram,
  connectionLines,
  diagramSvg,
  escapeXml,
  layoutDiagram,
  renderSvg,
  type Diagram,
  type DiagramEdge,
  type DiagramNode,
  type LaidOutDiagram,
} from './diagram/index';
