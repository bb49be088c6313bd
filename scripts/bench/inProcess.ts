import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import {
  getLanguageService,
  type Diagnostic as JsonDiagnostic,
  type JSONSchema,
} from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../../server/src/core/index';
import { generateScripts, type GenerationResult } from '../../server/src/core/generate/index';
import { unmetPaths } from '../../server/src/core/flow/unmet';
import { buildTopology } from '../../server/src/core/model/topology';
import { TopologyIndex } from '../../server/src/core/model/topologyIndex';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import { interleave, statsOf, type BenchCase, type Stats } from './timing';
import { toggleDigit, type BenchTopology } from './topologies';

export const IN_PROCESS_CASES = [
  'floor',
  'peer',
  'analyze',
  'edit',
  'structure',
  'model',
  'generate',
] as const;
export type InProcessCase = (typeof IN_PROCESS_CASES)[number];

export const CASE_LABELS: Record<InProcessCase, string> = {
  floor: 'floor: jsonc-parser parseTree',
  peer: 'peer: vscode-json-languageservice parse + schema validation',
  analyze: 'EdgeFlow analyze (parse, schema, every rule)',
  edit: 'EdgeFlow analyze after a one-character edit',
  structure: 'EdgeFlow parse, model and index, no rule',
  model: 'EdgeFlow parse, model, index and the mail-flow model (every path)',
  generate: 'EdgeFlow generateScripts',
};

export interface InProcessResult {
  readonly stats: Record<InProcessCase, Stats>;
  readonly scripts: { readonly files: number; readonly characters: number };
}

/** Fails unless `analysis` has no error and no warning: the benchmark measures valid designs. */
export function assertValid(analysis: Analysis, what: string): void {
  const bad = analysis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (bad.length === 0) return;
  const first = bad
    .slice(0, 5)
    .map((f) => `  ${f.severity} ${f.code} at ${f.range.start}: ${f.message}`)
    .join('\n');
  throw new Error(`${what} is not valid: ${bad.length} errors or warnings\n${first}`);
}

/**
 * The peer: the standard JSON language service validating the document
 * against the bundled schema, configured as the EdgeFlow server configures it
 * (comments allowed, every `$schema` answered with the bundled schema).
 */
function createPeer(repositoryRoot: string) {
  const schemaText = fs.readFileSync(
    path.join(repositoryRoot, 'schemas', 'edgeflow.schema.json'),
    'utf8',
  );
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(schemaText),
  });
  service.configure({
    validate: true,
    allowComments: true,
    schemas: [
      {
        uri: 'bench:/schemas/edgeflow.schema.json',
        fileMatch: ['*'],
        schema: JSON.parse(schemaText) as JSONSchema,
      },
    ],
  });
  let version = 0;
  return async (text: string): Promise<JsonDiagnostic[]> => {
    const document = TextDocument.create(
      'file:///bench/topology.edgeflow.json',
      'json',
      ++version,
      text,
    );
    const jsonDocument = service.parseJSONDocument(document);
    return service.doValidation(document, jsonDocument, {
      comments: 'ignore',
      trailingCommas: 'ignore',
    });
  };
}

export async function measureInProcess(
  repositoryRoot: string,
  topology: BenchTopology,
  options: { budgetMs: number; warmupRounds: number; minRounds: number; maxRounds: number },
): Promise<InProcessResult> {
  const { text } = topology;
  const reference = analyze(text);
  assertValid(reference, topology.name);
  // Only the summary of the generated scripts is kept: 6.6 MB of text for L,
  // alive through the whole measurement, would make every collection of every
  // case slower.
  const scripts = summarize(generateScripts(reference, 'bench'), topology.name);
  const peer = createPeer(repositoryRoot);
  const peerDiagnostics = await peer(text);
  if (peerDiagnostics.length > 0) {
    throw new Error(
      `${topology.name}: the JSON language service reports ${peerDiagnostics.length} problems, first: ${peerDiagnostics[0]?.message}`,
    );
  }

  // The edit case types over a different digit each run, spread through the document.
  const digits = topology.editableDigits;
  if (digits.length === 0) throw new Error(`${topology.name}: no digit to edit`);
  let edited = text;
  let editCount = 0;
  const stride = Math.max(1, Math.floor(digits.length / 7) + 1);

  const cases: BenchCase[] = [
    {
      id: 'floor',
      run: () => {
        const errors: ParseError[] = [];
        const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
        return errors.length === 0 ? root : undefined;
      },
      check: (root) => {
        if (!root) throw new Error(`${topology.name}: the floor parse failed`);
      },
    },
    {
      id: 'peer',
      run: () => peer(text),
      check: (diagnostics) => {
        if ((diagnostics as JsonDiagnostic[]).length > 0)
          throw new Error(`${topology.name}: the peer found problems`);
      },
    },
    {
      id: 'analyze',
      run: () => analyze(text),
      check: (a) => assertValid(a as Analysis, topology.name),
    },
    {
      id: 'edit',
      prepare: () => {
        const offset = digits[(editCount++ * stride) % digits.length] ?? 0;
        edited = toggleDigit(edited, offset);
      },
      run: () => analyze(edited),
      check: (a) => assertValid(a as Analysis, `${topology.name} after edit ${editCount}`),
    },
    // The model's share of the analysis: `model` − `structure`, from the same rounds.
    { id: 'structure', run: () => structureOf(text) },
    {
      id: 'model',
      run: () => {
        const index = structureOf(text);
        return unmetPaths(index).length;
      },
      check: (unmet) => {
        if (unmet !== 0)
          throw new Error(`${topology.name}: the mail-flow model finds failing paths`);
      },
    },
    {
      id: 'generate',
      run: () => generateScripts(reference, 'bench'),
      check: (result) => {
        if (!(result as GenerationResult).ok) throw new Error('generation refused');
      },
    },
  ];
  const samples = await interleave(cases, options);
  const stats = Object.fromEntries(
    IN_PROCESS_CASES.map((id) => [id, statsOf(samples.get(id) ?? [])]),
  ) as Record<InProcessCase, Stats>;
  return {
    stats,
    scripts,
  };
}

/** What every rule starts from: the parse, the model and its index (the mail-flow memo lives in the index). */
function structureOf(text: string): TopologyIndex {
  return new TopologyIndex(buildTopology(parseDocument(text).root));
}

function summarize(
  generated: GenerationResult,
  name: string,
): { files: number; characters: number } {
  if (!generated.ok) throw new Error(`${name}: generation refused`);
  return {
    files: generated.files.length,
    characters: generated.files.reduce((n, f) => n + f.content.length, 0),
  };
}

export interface GrowthResult {
  readonly from: string;
  readonly to: string;
  /** How many times more characters `to` has than `from`. */
  readonly content: number;
  /** Median of `to` over median of `from`, measured in the same interleaved rounds. */
  readonly floor: number;
  readonly analyze: number;
  /** Keyed `floor` or `analyze` and the topology's name: floorM, analyzeL... */
  readonly stats: Readonly<Record<string, Stats>>;
}

/**
 * How time grows from one topology to a larger one, both measured in the same
 * rounds (floor and analysis of each, round-robin). Measured apart, minutes
 * apart, the two medians would also compare the machine's speed at two
 * moments: on a shared machine that alone moved the ratio of the floor between
 * 9 and 16.
 */
export async function measureGrowth(
  from: BenchTopology,
  to: BenchTopology,
  options: { budgetMs: number; warmupRounds: number; minRounds: number; maxRounds: number },
): Promise<GrowthResult> {
  const floor = (text: string) => () =>
    parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const cases: BenchCase[] = [from, to].flatMap((t) => [
    { id: `floor${t.name}`, run: floor(t.text) },
    {
      id: `analyze${t.name}`,
      run: () => analyze(t.text),
      check: (a: unknown) => assertValid(a as Analysis, t.name),
    },
  ]);
  const samples = await interleave(cases, options);
  const stats: Record<string, Stats> = {};
  for (const c of cases) stats[c.id] = statsOf(samples.get(c.id) ?? []);
  const median = (id: string) => stats[id]?.median ?? NaN;
  return {
    from: from.name,
    to: to.name,
    content: to.text.length / from.text.length,
    floor: median(`floor${to.name}`) / median(`floor${from.name}`),
    analyze: median(`analyze${to.name}`) / median(`analyze${from.name}`),
    stats,
  };
}
