/** Codex versions (`session_meta.cli_version`): `0.169.0`, `0.130.0-alpha.2`, `v0.58.0`. */
type CodexVersion = readonly [number, number, number];

export function parseCodexVersion(version: string | null | undefined): CodexVersion | null {
  const match = version ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim()) : null;
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareCodexVersions(a: CodexVersion, b: CodexVersion): number {
  for (let i = 0; i < 3; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `version` is within [from, until); false when the version is unknown. */
export function isCodexVersionIn(version: string | null | undefined, from: string, until: string): boolean {
  const parsed = parseCodexVersion(version);
  const low = parseCodexVersion(from);
  const high = parseCodexVersion(until);
  if (!parsed || !low || !high) return false;
  return compareCodexVersions(parsed, low) >= 0 && compareCodexVersions(parsed, high) < 0;
}
