import {
  ErrorCodes,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { nameKey } from '../core/index';
import { toOffset, toRange } from './convert';
import type { AnalysedState } from './documents';
import {
  accountPrefixRanges,
  contentRange,
  nameOccurrences,
  occurrenceAt,
  occurrencesOf,
  type NameKind,
  type NameOccurrence,
} from './names';

/**
 * Go to definition, find references and rename for server and credential
 * names. Names compare without regard to case, as Exchange compares them.
 */

function occurrenceAtPosition(
  state: AnalysedState,
  position: Position,
): { all: NameOccurrence[]; at: NameOccurrence } | undefined {
  const all = nameOccurrences(state.analysis.topology);
  const at = occurrenceAt(all, toOffset(state.analysis.lines, position));
  return at ? { all, at } : undefined;
}

function nameRange(state: AnalysedState, occurrence: NameOccurrence): Range {
  return toRange(state.analysis.lines, contentRange(state.analysis.document.text, occurrence.node));
}

function location(state: AnalysedState, occurrence: NameOccurrence): Location {
  return { uri: state.document.uri, range: nameRange(state, occurrence) };
}

export function findDefinition(state: AnalysedState, position: Position): Location[] {
  const found = occurrenceAtPosition(state, position);
  if (!found) return [];
  return occurrencesOf(found.all, found.at.kind, found.at.name)
    .filter((o) => o.isDefinition)
    .map((o) => location(state, o));
}

export function findReferences(
  state: AnalysedState,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const found = occurrenceAtPosition(state, position);
  if (!found) return [];
  return occurrencesOf(found.all, found.at.kind, found.at.name)
    .filter((o) => includeDeclaration || !o.isDefinition)
    .map((o) => location(state, o));
}

const LABELS: Readonly<Record<NameKind, string>> = { server: 'server', credential: 'credential' };

/** The range of the name's text (inside the quotes), or null where there is no name to rename. */
export function prepareRename(
  state: AnalysedState,
  position: Position,
): { range: Range; placeholder: string } | null {
  const found = occurrenceAtPosition(state, position);
  if (!found) return null;
  const { at, all } = found;
  if (!occurrencesOf(all, at.kind, at.name).some((o) => o.isDefinition)) {
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      `No ${LABELS[at.kind]} named '${at.name}' is defined in this topology, so there is nothing to rename.`,
    );
  }
  return { range: nameRange(state, at), placeholder: at.name };
}

/**
 * Renames the definition and every reference. Refuses an empty name and one
 * that another server (or credential) already has.
 */
export function rename(
  state: AnalysedState,
  position: Position,
  newName: string,
  versioned: boolean,
): WorkspaceEdit | null {
  const found = occurrenceAtPosition(state, position);
  if (!found) return null;
  const { at, all } = found;
  const label = LABELS[at.kind];
  if (newName.trim() === '') {
    throw new ResponseError(ErrorCodes.InvalidParams, `A ${label} name cannot be empty.`);
  }
  const clash = all.find(
    (o) =>
      o.isDefinition &&
      o.kind === at.kind &&
      nameKey(o.name) === nameKey(newName) &&
      nameKey(o.name) !== nameKey(at.name),
  );
  if (clash) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `A ${label} named '${clash.name}' already exists (names are compared without regard to case).`,
    );
  }
  const newText = JSON.stringify(newName).slice(1, -1);
  const edits: TextEdit[] = occurrencesOf(all, at.kind, at.name).map((o) => ({
    range: nameRange(state, o),
    newText,
  }));
  // A local account of a renamed Edge is logged on as `<new name>\user`.
  if (at.kind === 'server') {
    for (const range of accountPrefixRanges(
      state.analysis.topology,
      state.analysis.document.text,
      at.name,
    ))
      edits.push({ range: toRange(state.analysis.lines, range), newText });
  }
  const { uri, version } = state.document;
  return versioned
    ? { documentChanges: [{ textDocument: { uri, version }, edits }] }
    : { changes: { [uri]: edits } };
}
