import { readdir } from 'node:fs';
import { isAbsolute, normalize, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import { createFindings, describeFsError, readErrorCode, recordSkipped, type Findings } from './discovery-findings.js';
import { takeCandidate } from './take-candidate.js';

/**
 * Regular files matching a fast-glob pattern under `cwd`, named as matched (normalized):
 * relative to `cwd` for a relative pattern, absolute otherwise. Symbolic links to files
 * are followed, symbolic links to directories are not descended into (a link cycle must
 * not make the search loop), hidden entries are skipped. A directory the glob could not
 * list, or a match that is not a regular file (a FIFO, a link to nothing), becomes an
 * issue. Directories are only searched this way for real patterns: see walkRollouts.
 */
export async function findGlobMatches(pattern: string, cwd: string): Promise<Findings> {
  const findings = createFindings();
  const failures: { path: string; error: NodeJS.ErrnoException }[] = [];
  // fast-glob passes over a directory it cannot list (suppressErrors); its listing calls go
  // through this wrapper so that each failure becomes an issue instead.
  const listReportingErrors = ((path: string, options: object, callback: (error: NodeJS.ErrnoException | null, entries: unknown) => void) => {
    readdir(path, options, (error, entries) => {
      if (error !== null) failures.push({ path, error });
      callback(error, entries);
    });
  }) as unknown as typeof readdir;
  const matches = await fg(pattern, {
    cwd,
    dot: false,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    fs: { readdir: listReportingErrors },
  });
  for (const match of matches) {
    takeCandidate(findings, { path: normalize(match), absolutePath: resolve(cwd, match) });
  }
  for (const { path, error } of failures) {
    // A base directory that does not exist just matches nothing.
    const missing = readErrorCode(error) === 'ENOENT' || readErrorCode(error) === 'ENOTDIR';
    if (missing && !path.includes('\uFFFD')) continue;
    const reason = missing ? 'the name is not valid UTF-8 and a glob cannot reach it; pass its parent directory instead' : describeFsError(error);
    // fast-glob lists absolute paths; show them as the matches are shown.
    const shown = isAbsolute(pattern) ? path : relative(cwd, path) || '.';
    recordSkipped(findings, shown, 'read_error', `cannot list the directory: ${reason}`);
  }
  return findings;
}
