import { formatIssue } from '../issues.js';
import type { DiscoveryResult } from './discover.js';

/**
 * The one-line usage error of a run whose inputs gave no file at all: what matched
 * nothing, and the first problem met on the way when there was one (`sessions/2025:
 * read_error: cannot list the directory: permission denied (EACCES)`), since that is
 * usually why.
 */
export function describeNothingFound(discovery: DiscoveryResult): string {
  const problems = discovery.issues.filter((issue) => issue.code !== 'unmatched_input');
  const first = problems[0];
  const reason = first === undefined ? '' : ` (${formatIssue(first)}${problems.length > 1 ? `; ${problems.length - 1} more` : ''})`;
  if (discovery.unmatched.length > 0) {
    return `no rollout file matched ${discovery.unmatched.map((input) => JSON.stringify(input)).join(', ')}${reason}`;
  }
  const where = discovery.searchedDefaults.length > 0 ? ` in ${discovery.searchedDefaults.join(' or ')}` : '';
  return `no rollout files found${where}${reason}; pass files, directories or globs to convert`;
}
