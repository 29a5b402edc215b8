#!/usr/bin/env node
import { enableCompileCache } from './convert/compile-cache.js';

// Before any of the CLI's modules is compiled: they are loaded below, not imported statically.
enableCompileCache();
await import('./cli/cli-process.js');
