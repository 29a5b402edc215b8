/**
 * The entry of a conversion worker thread (started by worker-prestart.ts and file-pool.ts
 * from the compiled `dist/` tree): turns the compile cache on for this thread, then loads
 * the worker itself.
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./convert-worker-main.js');
