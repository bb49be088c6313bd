import { parseDocument } from '../parse/parseDocument';
import { DEFAULT_MAX_FILE_SIZE } from '../rules/file-too-large';
import { LineIndex } from '../text/lineIndex';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ExportedProperties,
  type ExportedValue,
} from './document';

/**
 * Reads one export document (document.ts) from its text, and refuses anything
 * that is not exactly one: the text comes from a file an administrator copied
 * off a server, and whatever it holds must end in a clear message, never in a
 * crash or in a half-read topology.
 *
 * - A BOM is accepted: Windows PowerShell 5.1's `Out-File -Encoding utf8` and
 *   `Set-Content -Encoding UTF8` write one.
 * - The text is bounded as a topology is (DEFAULT_MAX_FILE_SIZE characters,
 *   parseDocument's nesting depth and list length), so a hostile file costs
 *   no more than a hostile topology.
 * - Each problem names the file and the JSON path of the value (`$.receiveConnectors[1].name`).
 */

export type ReadResult =
  | { readonly document: ExportDocument; readonly problem?: undefined }
  | { readonly problem: string; readonly document?: undefined };

export interface ReadOptions {
  /** Shown in every message: the file as the user named it. */
  readonly fileName: string;
  readonly maxSize?: number;
}

/** Thrown inside the validator only, caught by readExportDocument. */
class Malformed extends Error {}

type Path = readonly (string | number)[];

function pathText(path: Path): string {
  let text = '$';
  for (const segment of path) {
    text +=
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)
          ? `.${segment}`
          : `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function fail(path: Path, what: string): never {
  throw new Malformed(`${pathText(path)}: ${what}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return typeof value === 'number' ? 'a number' : 'a boolean';
}

function object(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, `expected an object, found ${describe(value)}`);
  return value as Record<string, unknown>;
}

/** An own property only: `__proto__` or `constructor` in the file are data, not the prototype's. */
function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function string(record: Record<string, unknown>, key: string, path: Path): string {
  const value = field(record, key);
  if (typeof value !== 'string')
    fail(
      [...path, key],
      `expected a string, found ${value === undefined ? 'nothing' : describe(value)}`,
    );
  return value;
}

function boolean(record: Record<string, unknown>, key: string, path: Path): boolean {
  const value = field(record, key);
  if (typeof value !== 'boolean')
    fail(
      [...path, key],
      `expected true or false, found ${value === undefined ? 'nothing' : describe(value)}`,
    );
  return value;
}

function list<T>(
  record: Record<string, unknown>,
  key: string,
  path: Path,
  item: (value: unknown, path: Path) => T,
): T[] {
  const value = field(record, key);
  if (!Array.isArray(value))
    fail(
      [...path, key],
      `expected a list, found ${value === undefined ? 'nothing' : describe(value)}`,
    );
  return value.map((element, i) => item(element, [...path, key, i]));
}

function stringItem(value: unknown, path: Path): string {
  if (typeof value !== 'string') fail(path, `expected a string, found ${describe(value)}`);
  return value;
}

function exportedValue(value: unknown, path: Path): ExportedValue {
  if (value === null || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v, i) => stringItem(v, [...path, i]));
  return fail(path, `expected a string, a list of strings or null, found ${describe(value)}`);
}

function properties(record: Record<string, unknown>, path: Path): ExportedProperties {
  const value = object(field(record, 'properties'), [...path, 'properties']);
  const result: Record<string, ExportedValue> = Object.create(null) as Record<
    string,
    ExportedValue
  >;
  for (const [key, entry] of Object.entries(value))
    result[key] = exportedValue(entry, [...path, 'properties', key]);
  return result;
}

function oneOf<T extends string>(
  record: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  path: Path,
): T {
  const value = string(record, key, path);
  const found = allowed.find((a) => a === value);
  if (!found)
    fail([...path, key], `expected ${allowed.join(' or ')}, found ${JSON.stringify(value)}`);
  return found;
}

function validate(value: unknown): ExportDocument {
  const root = object(value, []);
  const format = field(root, 'format');
  const version = field(root, 'version');
  if (format !== EXPORT_FORMAT || version !== EXPORT_VERSION) {
    fail(
      [],
      `not an EdgeFlow export document of version ${EXPORT_VERSION} (format ${JSON.stringify(format ?? null)}, version ${JSON.stringify(version ?? null)}; expected format "${EXPORT_FORMAT}", version ${EXPORT_VERSION}): export it again with the export script of this EdgeFlow`,
    );
  }
  const server = object(field(root, 'server'), ['server']);
  const serverPath = ['server'];
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: string(root, 'exportedAt', []),
    server: {
      name: string(server, 'name', serverPath),
      role: oneOf(server, 'role', ['Edge', 'Mailbox'] as const, serverPath),
      fqdn: string(server, 'fqdn', serverPath),
      exchangeVersion: string(server, 'exchangeVersion', serverPath),
    },
    networkAdapters: list(root, 'networkAdapters', [], (v, p) => {
      const adapter = object(v, p);
      return {
        name: string(adapter, 'name', p),
        ipAddresses: list(adapter, 'ipAddresses', p, stringItem),
      };
    }),
    mailboxServers: list(root, 'mailboxServers', [], (v, p) => {
      const mailbox = object(v, p);
      return {
        name: string(mailbox, 'name', p),
        fqdn: string(mailbox, 'fqdn', p),
        ipAddresses: list(mailbox, 'ipAddresses', p, stringItem),
      };
    }),
    acceptedDomains: list(root, 'acceptedDomains', [], (v, p) => {
      const domain = object(v, p);
      return {
        name: string(domain, 'name', p),
        domainName: string(domain, 'domainName', p),
        domainType: string(domain, 'domainType', p),
        default: boolean(domain, 'default', p),
      };
    }),
    sendConnectors: list(root, 'sendConnectors', [], (v, p) => {
      const connector = object(v, p);
      return {
        name: string(connector, 'name', p),
        identity: string(connector, 'identity', p),
        properties: properties(connector, p),
      };
    }),
    receiveConnectors: list(root, 'receiveConnectors', [], (v, p) => {
      const connector = object(v, p);
      return {
        name: string(connector, 'name', p),
        server: string(connector, 'server', p),
        identity: string(connector, 'identity', p),
        properties: properties(connector, p),
        permissions: list(connector, 'permissions', p, (pv, pp) => {
          const permission = object(pv, pp);
          return {
            user: string(permission, 'user', pp),
            extendedRights: list(permission, 'extendedRights', pp, stringItem),
            deny: boolean(permission, 'deny', pp),
          };
        }),
      };
    }),
    certificates: list(root, 'certificates', [], (v, p) => {
      const certificate = object(v, p);
      return {
        thumbprint: string(certificate, 'thumbprint', p),
        subject: string(certificate, 'subject', p),
        certificateDomains: list(certificate, 'certificateDomains', p, stringItem),
        services: string(certificate, 'services', p),
        isSelfSigned: boolean(certificate, 'isSelfSigned', p),
        notAfter: string(certificate, 'notAfter', p),
      };
    }),
  };
}

/** Parses and validates; never throws. */
export function readExportDocument(text: string, options: ReadOptions): ReadResult {
  const where = options.fileName;
  const limit = options.maxSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > limit)
    return {
      problem: `${where}: too large to be an export document (${text.length} characters, limit ${limit})`,
    };
  const parsed = parseDocument(text);
  const syntax = parsed.problems[0];
  if (syntax) {
    const at = new LineIndex(text).positionAt(syntax.range.start);
    return {
      problem: `${where}:${at.line + 1}:${at.character + 1}: not valid JSON: ${syntax.message}`,
    };
  }
  try {
    return { document: validate(parsed.value) };
  } catch (error) {
    if (error instanceof Malformed) return { problem: `${where}: ${error.message}` };
    // A RangeError (stack) cannot happen below parseDocument's depth limit; say so if it does.
    return { problem: `${where}: cannot be read: ${String(error)}` };
  }
}
