import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'coverage/', 'bench/corpus/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:readline', 'readline'].map((name) => ({
            name,
            message: 'From Node 24 on readline also ends lines at U+2028 and U+2029, which JSON leaves in strings: use readTextLines (src/read/text-lines.ts).',
          })),
        },
      ],
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**', 'bench/**', 'scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
