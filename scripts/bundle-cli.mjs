/**
 * Bundles the compiled CLI (dist/cli.js) and its conversion worker into dist/bundle/,
 * dependencies included. Node 20 resolves and compiles each ES module file on its own;
 * the CLI and zod alone are some 200 of them, and loading them took about 0.13 s of every
 * run (twice with --jobs 2: the worker loads them again). The bundle starts in about half
 * the time. The library entry (dist/index.js) stays as tsc wrote it.
 *
 *   node scripts/bundle-cli.mjs [distDir]     (default: dist)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

export async function bundleCli(distDir) {
  const outDir = path.join(distDir, 'bundle');
  rmSync(outDir, { recursive: true, force: true });
  await build({
    input: { cli: path.join(distDir, 'cli.js'), 'convert-worker': path.join(distDir, 'convert', 'convert-worker.js') },
    platform: 'node',
    // parquet-wasm reads its WebAssembly file beside its own module: it stays in node_modules, loaded when Parquet is written.
    external: ['parquet-wasm'],
    logLevel: 'warn',
    // The worker is found beside the chunk that starts it (worker-pool: ./convert-worker.js).
    output: { dir: outDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleCli(path.resolve(process.argv[2] ?? 'dist'));
}
