import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Framework hosts are checked by their own toolchains (tsc -b, vue-tsc, ng build).
  { ignores: ['dist/', 'node_modules/', '.cache/', 'bench/RESULTS.md', 'demo/hosts/react/', 'demo/hosts/vue/', 'demo/hosts/angular/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
