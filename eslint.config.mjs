// ESLint flat config: type-aware typescript-eslint plus the dependency rules from STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LLM_AND_HTTP = ['express', 'express/*', '@langchain/*', 'ollama', 'ollama/*', 'pg', '@electric-sql/*'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/static/**', 'bin/**', 'data/**', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-process-env': 'error',
      // Interface implementations are often async without awaiting; that is not a bug.
      '@typescript-eslint/require-await': 'off',
      // botbuilder compares string unions with its enums by design.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  // Only bot/config.ts reads the environment.
  { files: ['bot/config.ts'], rules: { 'no-process-env': 'off' } },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      'no-process-env': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests read botbuilder's untyped StoreItems and platform JSON payloads.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // dialogs/ never import an adapter, Express, LangChain, Ollama or a database driver.
  {
    files: ['dialogs/**/*.ts'],
    rules: restrict(['**/adapters/**', '**/storage/**', '**/officers/**', ...LLM_AND_HTTP], 'dialogs depend on ports only (see STYLE.md)'),
  },
  // knowledge/ never imports botbuilder or adapters.
  {
    files: ['knowledge/**/*.ts'],
    rules: restrict(['botbuilder', 'botbuilder-*', '**/adapters/**', '**/dialogs/**', 'express'], 'knowledge/ is channel-agnostic'),
  },
  // adapters/ never import dialogs or knowledge.
  {
    files: ['adapters/**/*.ts'],
    rules: restrict(['**/dialogs/**', '**/knowledge/**', '@langchain/*', 'ollama'], 'adapters are thin: no dialogs or knowledge'),
  },
  // safety/ and eligibility/ are pure domain logic.
  {
    files: ['safety/**/*.ts', 'eligibility/**/*.ts'],
    rules: restrict(['botbuilder', 'botbuilder-*', '**/adapters/**', '**/dialogs/**', 'express', '@langchain/*', 'ollama'], 'pure domain module'),
  },
);
