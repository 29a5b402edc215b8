/**
 * Imported first by the CLI entry, before the command modules load: for a `convert` that
 * will run on worker threads, starts them now (see worker-prestart.ts).
 */
import { prestartWorkers } from '../convert/worker-prestart.js';
import { workersFor } from './workers-for-argv.js';

prestartWorkers(workersFor(process.argv.slice(2)));
