import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ResponseError,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { analyze, LineIndex, SEVERITIES } from '../../server/src/core';
import { editsFor, LspClient } from '../lsp/client';
import { referenceTopology } from '../support/repo';
import { loadCorpus, mutate, randomString } from './mutations';
import { Random } from './random';
import { FUZZ_SEED } from './seed';

/**
 * The real language server in one long session: a stream of random edits
 * (incremental and full), interleaved with every kind of request at random
 * positions, past the end of the document too, and on stale versions
 * (requests computed on a text the server has already replaced). The server
 * must never die, must answer every request (an error response is an answer;
 * silence or a crash is not), must log no handler failure, and its final
 * diagnostics must equal a fresh analysis of the final text.
 */

const OPERATIONS = 2000;
const REQUEST_DEADLINE_MS = 30_000;
const URI = 'file:///fuzz/session.edgeflow.json';

type Outcome = 'answered' | 'error-response';

describe('fuzz: the language server in one long session', function () {
  this.timeout(180_000);
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client?.stop();
  });

  it(`survives ${OPERATIONS} random edits and requests and ends with the diagnostics of a fresh analysis (seed ${FUZZ_SEED})`, async () => {
    const random = new Random(FUZZ_SEED ^ 0x5e5e5e5e);
    const corpus = loadCorpus();
    let document = TextDocument.create(URI, 'edgeflow', 1, referenceTopology());
    const history: TextDocument[] = [document];
    const outcomes = new Map<string, Record<Outcome, number>>();
    const log: string[] = [];
    const failure = (message: string) =>
      new assert.AssertionError({
        message: `${message} (seed ${FUZZ_SEED}, after: ${log.slice(-8).join(' | ')})\nserver log:\n${client.serverLog.join('').slice(-4000)}`,
      });

    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'edgeflow', version: 1, text: document.getText() },
    });

    /** Sends a request; it must be answered (a result or an error response) before the deadline. */
    const request = async <R>(method: string, params: unknown): Promise<R | undefined> => {
      const counts = outcomes.get(method) ?? { answered: 0, 'error-response': 0 };
      outcomes.set(method, counts);
      try {
        const result = await client.request<R>(method, params, REQUEST_DEADLINE_MS);
        counts.answered++;
        return result;
      } catch (error) {
        if (error instanceof ResponseError) {
          counts['error-response']++;
          return undefined;
        }
        throw failure(`${method} got no answer: ${String(error)}`);
      }
    };

    /** A position in `doc`, sometimes past the end of its line or of the document. */
    const positionIn = (doc: TextDocument): Position => {
      const roll = random.next();
      if (roll < 0.08) return { line: doc.lineCount + random.int(50), character: random.int(200) };
      if (roll < 0.12)
        return { line: random.int(doc.lineCount), character: 10_000 + random.int(10) };
      if (roll < 0.13) return { line: 2_147_483_647, character: 2_147_483_647 };
      return doc.positionAt(random.int(doc.getText().length + 1));
    };
    const rangeIn = (doc: TextDocument): Range => {
      const a = positionIn(doc);
      const b = positionIn(doc);
      const before = a.line < b.line || (a.line === b.line && a.character <= b.character);
      return before ? { start: a, end: b } : { start: b, end: a };
    };

    /** One random content change, computed on the text of `doc`. */
    const randomChange = (doc: TextDocument): TextDocumentContentChangeEvent => {
      const text = doc.getText();
      const kind = random.weighted<string>([
        [5, 'insert'],
        [4, 'delete'],
        [3, 'replace'],
        [1, 'full-mutation'],
        [1, 'full-corpus'],
        [1, 'past-end'],
      ]);
      const at = random.int(text.length + 1);
      const start = doc.positionAt(at);
      switch (kind) {
        case 'insert':
          return { range: { start, end: start }, text: randomString(random, 6) };
        case 'delete':
          return { range: { start, end: doc.positionAt(at + random.between(1, 40)) }, text: '' };
        case 'replace':
          return {
            range: { start, end: doc.positionAt(at + random.between(1, 10)) },
            text: random.pick([
              '"',
              '{',
              '}',
              '[',
              ']',
              ',',
              ':',
              'true',
              '"EDGE01"',
              '\n',
              '/*',
              '',
            ]),
          };
        case 'full-mutation':
          return { text: mutate(random, text).text };
        case 'full-corpus':
          return { text: mutate(random, random.pick(corpus).text).text };
        default: {
          // A range past the end: the server clamps it, as TextDocument.update does here.
          const end = { line: doc.lineCount + 5, character: 3 };
          return { range: { start: start, end }, text: randomString(random, 3) };
        }
      }
    };

    /** Applies a workspace edit the server returned, as an editor would; overlapping edits are a failure. */
    const applyEdit = async (edit: WorkspaceEdit | null | undefined, what: string) => {
      if (!edit) return;
      const edits = editsFor(edit, URI);
      if (edits.length === 0) return;
      let text: string;
      try {
        text = TextDocument.applyEdits(document, edits);
      } catch (error) {
        throw failure(
          `${what}: edits that do not apply: ${String(error)} ${JSON.stringify(edits)}`,
        );
      }
      await change([{ text }]);
    };

    /**
     * Sends one didChange with `changes`, each computed on the text the
     * previous one left (as LSP applies them), and keeps every version.
     */
    const change = async (changes: TextDocumentContentChangeEvent[]) => {
      const version = document.version + 1;
      const working = TextDocument.create(URI, 'edgeflow', version, document.getText());
      document = TextDocument.update(working, changes, version);
      history.push(document);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version },
        contentChanges: changes,
      });
    };

    /** One to three random changes, each computed on the text the previous one left. */
    const randomChanges = (): TextDocumentContentChangeEvent[] => {
      const working = TextDocument.create(URI, 'edgeflow', 0, document.getText());
      const count = random.weighted([
        [6, 1],
        [2, 2],
        [1, 3],
      ]);
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let i = 0; i < count; i++) {
        const one = randomChange(working);
        TextDocument.update(working, [one], i + 1);
        changes.push(one);
      }
      return changes;
    };

    const textDocument = { uri: URI };
    for (let step = 0; step < OPERATIONS; step++) {
      // Stale: positions and diagnostics of an earlier version, sent while changes are in flight.
      const basis = random.chance(0.25) ? random.pick(history.slice(-6)) : document;
      const kind = random.weighted<string>([
        [8, 'change'],
        [3, 'completion'],
        [2, 'hover'],
        [3, 'codeAction'],
        [1, 'documentSymbol'],
        [2, 'rename'],
        [1, 'prepareRename'],
        [1, 'definition'],
        [1, 'references'],
        [1, 'formatting'],
        [1, 'rangeFormatting'],
        [1, 'foldingRange'],
        [1, 'burst'],
      ]);
      log.push(`${step}:${kind}@v${basis.version}`);
      if (log.length > 20) log.shift();
      if (client.exitCode() !== null) throw failure(`the server exited with ${client.exitCode()}`);
      switch (kind) {
        case 'change':
          await change(randomChanges());
          break;
        case 'completion':
          await request('textDocument/completion', { textDocument, position: positionIn(basis) });
          break;
        case 'hover':
          await request('textDocument/hover', { textDocument, position: positionIn(basis) });
          break;
        case 'codeAction': {
          const published = client.diagnostics.get(URI) ?? [];
          const old = published.length > 0 ? random.pick(published.slice(-5)) : undefined;
          const diagnostics: Diagnostic[] = old
            ? old.diagnostics.slice(0, random.between(0, 5))
            : [];
          const onCurrent = basis === document && old?.version === document.version;
          const actions = await request<(CodeAction | Command)[]>('textDocument/codeAction', {
            textDocument,
            range: random.chance(0.5) && diagnostics[0] ? diagnostics[0].range : rangeIn(basis),
            context: { diagnostics, only: random.chance(0.2) ? ['source.fixAll'] : undefined },
          });
          // Apply one, as a user would, when it was computed on the text we have.
          const withEdit = (actions ?? []).filter((a): a is CodeAction => 'edit' in a && !!a.edit);
          if (onCurrent && withEdit.length > 0 && random.chance(0.5)) {
            const action = random.pick(withEdit);
            await applyEdit(action.edit, `code action "${action.title}"`);
          }
          break;
        }
        case 'documentSymbol':
          await request('textDocument/documentSymbol', { textDocument });
          break;
        case 'prepareRename':
          await request('textDocument/prepareRename', {
            textDocument,
            position: positionIn(basis),
          });
          break;
        case 'rename': {
          const edit = await request<WorkspaceEdit | null>('textDocument/rename', {
            textDocument,
            position: positionIn(basis),
            newName: random.pick([
              'EDGE02',
              'Mbx 1',
              '',
              ' ',
              '"quoted"',
              'x'.repeat(300),
              randomString(random, 8),
            ]),
          });
          if (basis === document && random.chance(0.5)) await applyEdit(edit, 'rename');
          break;
        }
        case 'definition':
          await request('textDocument/definition', { textDocument, position: positionIn(basis) });
          break;
        case 'references':
          await request('textDocument/references', {
            textDocument,
            position: positionIn(basis),
            context: { includeDeclaration: random.chance(0.5) },
          });
          break;
        case 'formatting': {
          const edits = await request<TextEdit[]>('textDocument/formatting', {
            textDocument,
            options: { tabSize: random.pick([2, 4, 8]), insertSpaces: random.chance(0.8) },
          });
          if (basis === document && edits && random.chance(0.3))
            await applyEdit({ changes: { [URI]: edits } }, 'formatting');
          break;
        }
        case 'rangeFormatting':
          await request('textDocument/rangeFormatting', {
            textDocument,
            range: rangeIn(basis),
            options: { tabSize: 2, insertSpaces: true },
          });
          break;
        case 'foldingRange':
          await request('textDocument/foldingRange', { textDocument });
          break;
        default: {
          // A burst: a change and requests on the text before it, all in flight at once.
          const before = document;
          const pending: Promise<unknown>[] = [
            request('textDocument/completion', { textDocument, position: positionIn(before) }),
            request('textDocument/hover', { textDocument, position: positionIn(before) }),
          ];
          pending.push(change(randomChanges()));
          pending.push(
            request('textDocument/documentSymbol', { textDocument }),
            request('textDocument/references', {
              textDocument,
              position: positionIn(before),
              context: { includeDeclaration: true },
            }),
          );
          await Promise.all(pending);
        }
      }
    }

    // Let the debounced diagnostics of the final version arrive, then compare.
    const final = document;
    const published = await client.waitFor<PublishDiagnosticsParams>(
      `diagnostics for the final version ${final.version}`,
      () => client.diagnostics.get(URI)?.find((p) => p.version === final.version),
      REQUEST_DEADLINE_MS,
    );
    assert.equal(client.exitCode(), null, 'the server is still running');
    const lines = new LineIndex(final.getText());
    const severity = (s: (typeof SEVERITIES)[number]) => SEVERITIES.indexOf(s) + 1;
    const expected = analyze(final.getText())
      .findings.map((f) => ({
        code: f.code,
        severity: severity(f.severity),
        range: { start: lines.positionAt(f.range.start), end: lines.positionAt(f.range.end) },
      }))
      .map((d) => JSON.stringify(d))
      .sort();
    const actual = published.diagnostics
      .map((d) => JSON.stringify({ code: d.code, severity: d.severity, range: d.range }))
      .sort();
    assert.deepEqual(actual, expected, `final text:\n${final.getText().slice(0, 3000)}`);
    assert.deepEqual(client.loggedFailures(), [], 'no request handler failed');
    const summary = [...outcomes]
      .map(
        ([method, c]) =>
          `${method.replace('textDocument/', '')} ${c.answered}+${c['error-response']}`,
      )
      .join(', ');
    console.log(`      session: ${history.length} versions; requests answered+errors: ${summary}`);
  });
});
