import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { statsOf, type Stats } from './timing';
import { toggleDigit, type BenchTopology } from './topologies';

/**
 * What VS Code declares that matters here: incremental text sync and pushed
 * diagnostics (no pull), so the server decides when to publish — its
 * debounce is part of what the user sees.
 */
const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

const DEADLINE_MS = 60_000;

/** The real bundled server over stdio, with just enough client to time it. */
class ServerProcess {
  private readonly waiters = new Map<
    string,
    (params: PublishDiagnosticsParams, at: number) => void
  >();
  readonly log: string[] = [];

  private constructor(
    readonly child: ChildProcess,
    private readonly connection: MessageConnection,
  ) {
    connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: PublishDiagnosticsParams) => {
        // The time is taken first: what follows is the benchmark's own bookkeeping.
        const at = Number(process.hrtime.bigint()) / 1e6;
        const key = `${params.uri}#${params.version ?? ''}`;
        const waiter = this.waiters.get(key);
        if (waiter) {
          this.waiters.delete(key);
          waiter(params, at);
        }
      },
    );
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => null),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', (p: { message: string }) =>
      this.log.push(p.message),
    );
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    connection.listen();
  }

  /** Spawns the server and completes `initialize`; returns it with the milliseconds that took. */
  static async start(repositoryRoot: string): Promise<{ server: ServerProcess; startMs: number }> {
    const started = Number(process.hrtime.bigint()) / 1e6;
    const child = spawn(
      process.execPath,
      [path.join(repositoryRoot, 'bin', 'edgeflow-language-server.js'), '--stdio'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    if (!child.stdout || !child.stdin) throw new Error('the language server has no stdio');
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const server = new ServerProcess(child, connection);
    await withDeadline(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: CAPABILITIES,
      }),
      'initialize',
    );
    const startMs = Number(process.hrtime.bigint()) / 1e6 - started;
    await connection.sendNotification('initialized', {});
    return { server, startMs };
  }

  /** Resolves with the diagnostics of `uri` at `version` and the time they arrived. */
  diagnostics(
    uri: string,
    version: number,
  ): Promise<{ params: PublishDiagnosticsParams; at: number }> {
    return withDeadline(
      new Promise((resolve) =>
        this.waiters.set(`${uri}#${version}`, (params, at) => resolve({ params, at })),
      ),
      `diagnostics for ${uri} version ${version}`,
    );
  }

  async open(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'edgeflow', version: 1, text },
    });
  }

  /** Types one character over `offset`, as an editor sends it (an incremental change). */
  async replaceCharacter(
    uri: string,
    version: number,
    line: number,
    character: number,
    text: string,
  ): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line, character }, end: { line, character: character + 1 } }, text },
      ],
    });
  }

  /** Resident memory in bytes (VmRSS), and the peak (VmHWM). */
  memory(): { rss: number; peak: number } {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  }

  async stop(): Promise<void> {
    try {
      await withDeadline(this.connection.sendRequest('shutdown'), 'shutdown');
      await this.connection.sendNotification('exit');
      await withDeadline(
        new Promise<void>((resolve) => {
          if (this.child.exitCode !== null) resolve();
          else this.child.once('exit', () => resolve());
        }),
        'exit',
      );
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) this.child.kill();
    }
  }
}

export interface LanguageServerResult {
  /** Spawn to the `initialize` result, over several fresh processes. */
  readonly start: Stats;
  /** Bytes: after `initialize`, with S, M and L open, and the peak over the whole run. */
  readonly memory: { readonly idle: number; readonly open: number; readonly peak: number };
  /** didChange → publishDiagnostics of that version, per topology name. */
  readonly didChange: Record<string, Stats>;
}

export async function measureLanguageServer(
  repositoryRoot: string,
  topologies: readonly BenchTopology[],
  changing: readonly string[],
  options: {
    starts: number;
    warmup: number;
    budgetMs: number;
    minRounds: number;
    maxRounds: number;
  },
): Promise<LanguageServerResult> {
  const starts: number[] = [];
  for (let i = 0; i < options.starts; i++) {
    const { server, startMs } = await ServerProcess.start(repositoryRoot);
    starts.push(startMs);
    await server.stop();
  }

  const { server } = await ServerProcess.start(repositoryRoot);
  try {
    await sleep(200);
    const idle = server.memory().rss;
    const documents = new Map<string, { uri: string; text: string; version: number }>();
    for (const topology of topologies) {
      const uri = `file:///bench/${topology.name}.edgeflow.json`;
      const published = server.diagnostics(uri, 1);
      await server.open(uri, topology.text);
      await published;
      documents.set(topology.name, { uri, text: topology.text, version: 1 });
    }
    await sleep(200);
    const open = server.memory().rss;

    const samples = new Map<string, number[]>(changing.map((name) => [name, []]));
    const cursor = new Map<string, number>(changing.map((name) => [name, 0]));
    const changeOnce = async (name: string): Promise<number> => {
      const document = documents.get(name);
      const topology = topologies.find((t) => t.name === name);
      if (!document || !topology) throw new Error(`${name} is not open`);
      const digits = topology.editableDigits;
      const k = cursor.get(name) ?? 0;
      cursor.set(name, k + 1);
      const offset = digits[(k * (Math.floor(digits.length / 7) + 1)) % digits.length] ?? 0;
      document.text = toggleDigit(document.text, offset);
      document.version++;
      const { line, character } = positionAt(document.text, offset);
      const published = server.diagnostics(document.uri, document.version);
      const sent = Number(process.hrtime.bigint()) / 1e6;
      await server.replaceCharacter(
        document.uri,
        document.version,
        line,
        character,
        document.text.charAt(offset),
      );
      const { params, at } = await published;
      const problems = params.diagnostics.filter((d) => d.severity === 1 || d.severity === 2);
      if (problems.length > 0) {
        throw new Error(
          `the server reports ${problems.length} errors or warnings on ${name} after an edit: ${problems[0]?.message}`,
        );
      }
      return at - sent;
    };
    // Round-robin over the documents, as for the in-process cases.
    let warmupRound = 0;
    for (let i = 0; i < options.warmup; i++) {
      warmupRound = 0;
      for (const name of changing) warmupRound += await changeOnce(name);
    }
    const rounds = Math.min(
      options.maxRounds,
      Math.max(options.minRounds, Math.ceil(options.budgetMs / Math.max(warmupRound, 1))),
    );
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < changing.length; k++) {
        const name = changing[(round + k) % changing.length] ?? '';
        samples.get(name)?.push(await changeOnce(name));
      }
    }
    const peak = server.memory().peak;
    return {
      start: statsOf(starts),
      memory: { idle, open, peak },
      didChange: Object.fromEntries(
        changing.map((name) => [name, statsOf(samples.get(name) ?? [])]),
      ),
    };
  } catch (error) {
    if (server.log.length > 0) process.stderr.write(`server log:\n${server.log.join('\n')}\n`);
    throw error;
  } finally {
    await server.stop();
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withDeadline<T>(promise: PromiseLike<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the language server: no ${what} within ${DEADLINE_MS} ms`)),
      DEADLINE_MS,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
