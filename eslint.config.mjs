import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      '.pwsh-cache/**',
      'test/fixtures/**',
      // StrykerJS (npm run mutate): its sandbox copies of the repository and its reports
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware: a promise nobody awaits loses its rejection, and one passed
    // where a void callback is expected (an LSP handler, a VS Code event) is
    // never awaited by its caller. Each file is checked with its own tsconfig.
    files: ['server/**/*.ts', 'client/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The core must stay transport-free and quiet: no console, no Node, no LSP.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'os',
            'child_process',
            'vscode',
            'vscode-languageserver*',
          ],
        },
      ],
    },
  },
  {
    // The client is bundled on its own and talks to the server only over LSP:
    // of the server it may import only the protocol files (constants and types)
    // and the one pure helper it shares with `edgeflow init`.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regular expression: gitignore-style groups cannot re-include
              // a file below an excluded folder.
              regex:
                '/server/src/(?!(languageServer/generateProtocol|languageServer/traceProtocol|languageServer/diagramProtocol|languageServer/driftProtocol|core/text/schemaLine)$)',
              message:
                'The client imports from the server only the generation, trace, diagram and drift protocols (and core/text/schemaLine).',
            },
          ],
        },
      ],
    },
  },
  {
    // The adapters see the core only through its public face, core/index.ts,
    // so that the core's internals can move without touching them.
    files: [
      'server/src/languageServer/**/*.ts',
      'server/src/cli/**/*.ts',
      'server/src/scriptFiles/**/*.ts',
      'server/src/config/**/*.ts',
      'server/src/exportFiles/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!index$)',
              message: 'Adapters import the core only through core/index.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
      },
    },
  },
  {
    // The bins are CommonJS entry points that load the bundles in dist/.
    files: ['bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
