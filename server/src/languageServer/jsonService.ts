import {
  getLanguageService,
  type ClientCapabilities,
  type JSONSchema,
  type LanguageService,
} from 'vscode-json-languageservice';
import schemaDocument from '../../../schemas/edgeflow.schema.json';

/** The identity under which the bundled schema is registered; never fetched. */
export const BUNDLED_SCHEMA_URI = 'edgeflow:/schemas/edgeflow.schema.json';

const SCHEMA = schemaDocument as unknown as JSONSchema;
const SCHEMA_TEXT = JSON.stringify(schemaDocument);

/**
 * The JSON language service over the bundled schema, for the schema-driven
 * parts of completion and hover and for folding. It applies to every
 * document. A document's `$schema` is informational (SPEC §1): the service
 * would otherwise load the schema it names, so every schema request is
 * answered with the bundled schema, and nothing is ever fetched.
 */
export function createJsonService(clientCapabilities: ClientCapabilities): LanguageService {
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(SCHEMA_TEXT),
    clientCapabilities,
  });
  service.configure({
    validate: false,
    allowComments: true,
    schemas: [{ uri: BUNDLED_SCHEMA_URI, fileMatch: ['*'], schema: SCHEMA }],
  });
  return service;
}
