/**
 * Preloaded (`node --require`) into the language server by
 * test/lsp/permissions.test.ts. It records, without changing what happens,
 * every attempt to open a network connection or a listening socket, resolve a
 * name, start a process or a worker, and the permissions the process has; at
 * exit it writes that record to EDGEFLOW_PROBE_FILE.
 */
import * as fs from 'node:fs';

export interface ProbeRecord {
  readonly permissions: Record<string, boolean | undefined>;
  /** `module.function` of every recorded call, in order. */
  readonly calls: string[];
}

const target = process.env.EDGEFLOW_PROBE_FILE;
if (target) {
  const calls: string[] = [];
  const watch = (moduleName: string, names: readonly string[], owner?: string) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(moduleName) as Record<string, unknown>;
    const holder = owner
      ? (loaded[owner] as { prototype: Record<string, unknown> }).prototype
      : loaded;
    for (const name of names) {
      const original = holder[name];
      if (typeof original !== 'function') continue;
      holder[name] = function (this: unknown, ...args: unknown[]) {
        calls.push(`${moduleName}.${owner ? `${owner}#` : ''}${name}`);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  };
  watch('net', ['connect', 'createConnection', 'createServer']);
  watch('net', ['connect'], 'Socket');
  watch('dgram', ['createSocket']);
  watch('dns', ['lookup', 'resolve', 'resolve4', 'resolve6']);
  watch('http', ['request', 'get', 'createServer']);
  watch('https', ['request', 'get', 'createServer']);
  watch('tls', ['connect', 'createServer']);
  watch('child_process', [
    'spawn',
    'spawnSync',
    'exec',
    'execSync',
    'execFile',
    'execFileSync',
    'fork',
  ]);
  watch('worker_threads', ['Worker']);
  if (typeof globalThis.fetch === 'function') {
    const original = globalThis.fetch;
    globalThis.fetch = (...args: Parameters<typeof fetch>) => {
      calls.push('fetch');
      return original(...args);
    };
  }
  process.on('exit', () => {
    const permission = (
      process as { permission?: { has(scope: string, reference?: string): boolean } }
    ).permission;
    const record: ProbeRecord = {
      permissions: {
        model: permission !== undefined,
        childProcess: permission?.has('child'),
        worker: permission?.has('worker'),
        writeRepository: permission?.has('fs.write', process.cwd()),
      },
      calls,
    };
    fs.writeFileSync(target, JSON.stringify(record));
  });
}
