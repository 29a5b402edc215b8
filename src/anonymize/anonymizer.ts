import { Buffer } from 'node:buffer';

/**
 * Path anonymization: a user's home directory becomes `~` and their user name `<user>`, in
 * any text. Homes are matched whatever the separator (`/`, `\`, and `\\` as a JSON string or
 * a string literal spells a backslash), so `C:\Users\ada\src` and its JSON text
 * `C:\\Users\\ada\\src` both become `~` plus the rest; a home ends at a separator or at a
 * character that cannot be part of a name (`/home/ada2` is not `/home/ada`). A bare user
 * name is replaced only as a whole word (`ada@host`, `ada:x:1000`), never inside another
 * name (`adalovelace`, `ada-laptop`), and never when it is too short or a generic account
 * name (`root`, `user`, `runner`...) that ordinary text uses as a word: their homes still
 * become `~`.
 *
 * The result of JSON text is still valid JSON: `~` and `<user>` need no escaping, and a
 * match never starts or ends inside an escape sequence.
 */
export type AnonymizeSettings = {
  /** Home directories, as found (`/home/ada`, `/Users/ada`, `C:\Users\ada`). */
  homes: readonly string[];
  /** User names. */
  users: readonly string[];
};

export const HOME_PLACEHOLDER = '~';
export const USER_PLACEHOLDER = '<user>';

/** Account names that are also ordinary words or shared by everyone: never replaced as bare words. */
const GENERIC_USERS: ReadonlySet<string> = new Set([
  'root', 'user', 'users', 'admin', 'administrator', 'runner', 'ubuntu', 'debian', 'node', 'codex', 'dev',
  'developer', 'test', 'guest', 'home', 'app', 'default', 'public', 'shared', 'vscode', 'ec2-user', 'docker',
  'jenkins', 'build', 'builder', 'ci', 'nobody', 'system', 'pi', 'me', 'you', 'work',
]);
const MIN_USER_LENGTH = 3;

/** A character that continues a name: a home or user name next to one is part of something longer. */
const NAME_CHAR = /[\p{L}\p{N}_.-]/u;
/** After a name, a full stop ends a sentence (`ada.`) unless a name goes on after it (`ada.smith`). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** `\n`, `\t`... in JSON text or a string literal: the letter after the backslash is no part of a name. */
const ESCAPE_LETTERS = 'nrtbf';
const SEPARATOR = String.raw`(?:\\\\|\\|/)`;

function startsAtBoundary(text: string, offset: number, home: boolean): boolean {
  if (offset === 0) return true;
  const before = text[offset - 1]!;
  if (offset >= 2 && text[offset - 2] === '\\' && ESCAPE_LETTERS.includes(before)) return true;
  // A home starts a path: not inside a longer one (`/data/home/ada` is not ada's home, though its `ada` is her name).
  if (home && (before === '/' || before === '\\')) return false;
  return !NAME_CHAR.test(before);
}

function endsAtBoundary(text: string, end: number): boolean {
  const after = text[end];
  if (after === undefined) return true;
  if (after === '.') return !WORD_CHAR.test(text[end + 1] ?? '');
  return !NAME_CHAR.test(after);
}

/**
 * The home directory a path lies under, with its user name: Linux `/home/<name>` and `/root`,
 * macOS `/Users/<name>`, Windows `X:\Users\<name>` (either separator), WSL `/mnt/x/Users/<name>`.
 */
export function findHome(path: string): { home: string; user: string } | null {
  const match = /^(?:\/home\/|\/Users\/|\/mnt\/[a-z]\/Users\/|[A-Za-z]:[\\/]Users[\\/])([^\\/]+)/i.exec(path);
  if (match) return { home: match[0], user: match[1]! };
  if (path === '/root' || path.startsWith('/root/')) return { home: '/root', user: 'root' };
  return null;
}

/** Homes and user names in a fixed order, so the same set gives the same pattern. */
export function normalizeSettings(settings: AnonymizeSettings): AnonymizeSettings {
  const homes = [...new Set(settings.homes.filter((home) => home.length > 1))];
  const users = [...new Set(settings.users.filter((user) => user.length >= MIN_USER_LENGTH && !GENERIC_USERS.has(user.toLowerCase())))];
  const order = (a: string, b: string) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
  return { homes: homes.sort(order), users: users.sort(order) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A home's pattern: its segments joined by any separator, the drive letter in either case. */
function homePattern(home: string): string {
  const segments = home.split(/[\\/]+/);
  return segments.map(escapeRegExp).join(SEPARATOR);
}

/** The spellings of a name the case-insensitive pattern may meet: as given, lower, upper and capitalized. */
function spellings(name: string): string[] {
  const lower = name.toLowerCase();
  return [name, lower, name.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)];
}

export class Anonymizer {
  private readonly pattern: RegExp | null;
  private readonly userPattern: RegExp | null;
  /**
   * Every match holds one of these (a user name, a home's last segment): text holding none
   * is passed over with a plain substring search, which costs far less than the pattern.
   */
  private readonly anchors: string[];
  private readonly anchorBytes: Buffer[];

  constructor(settings: AnonymizeSettings) {
    const { homes, users } = normalizeSettings(settings);
    const names = [...users, ...homes.map((home) => home.split(/[\\/]+/).pop() ?? home)];
    this.anchors = [...new Set(names.flatMap(spellings))].filter((anchor) => anchor !== '');
    this.anchorBytes = this.anchors.map((anchor) => Buffer.from(anchor, 'utf8'));
    // Homes first: at the same position, `/home/ada` is a home, not a name. The pattern is plain
    // alternatives (lookarounds would make every position a slow path): the callback checks the boundaries.
    const alternatives: string[] = [];
    if (homes.length > 0) alternatives.push(`(?<home>${homes.map(homePattern).join('|')})`);
    if (users.length > 0) alternatives.push(`(?<user>${users.map(escapeRegExp).join('|')})`);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gi') : null;
    this.userPattern = users.length > 0 ? new RegExp(users.map(escapeRegExp).join('|'), 'gi') : null;
  }

  /** The text anonymized; the same string when nothing matched. */
  text(text: string): string {
    const pattern = this.pattern;
    if (pattern === null || !this.anchors.some((anchor) => text.includes(anchor))) return text;
    return text.replace(pattern, (match: string, ...rest: unknown[]) => {
      const offset = rest[rest.length - 3] as number;
      const end = offset + match.length;
      if ((rest[rest.length - 1] as { home?: string }).home === undefined) return startsAtBoundary(text, offset, false) && endsAtBoundary(text, end) ? USER_PLACEHOLDER : match;
      if (startsAtBoundary(text, offset, true) && endsAtBoundary(text, end)) return HOME_PLACEHOLDER;
      return this.replaceUsersWithin(text, offset, end);
    });
  }

  /** A home that is not one (inside a longer path) may still hold the user's name. */
  private replaceUsersWithin(text: string, start: number, end: number): string {
    const slice = text.slice(start, end);
    if (this.userPattern === null) return slice;
    return slice.replace(this.userPattern, (match: string, offset: number) =>
      startsAtBoundary(text, start + offset, false) && endsAtBoundary(text, start + offset + match.length) ? USER_PLACEHOLDER : match,
    );
  }

  /** UTF-8 bytes (a raw tool output) anonymized; the same bytes when nothing matched. */
  bytes(bytes: Buffer): Buffer {
    if (this.pattern === null || !this.anchorBytes.some((anchor) => bytes.includes(anchor))) return bytes;
    const text = bytes.toString('utf8');
    const anonymized = this.text(text);
    return anonymized === text ? bytes : Buffer.from(anonymized, 'utf8');
  }
}
