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

/** Characters that continue a name: a home or user name next to one of them is part of something longer. */
const NAME_CHAR = String.raw`[\p{L}\p{N}_.\-]`;
/** What may precede a user name: not a name character (an escape such as `\n` is a boundary too). */
const BEFORE_USER = String.raw`(?:(?<=\\[nrtbf])|(?<!${NAME_CHAR}))`;
/** A home starts a path: not inside a longer one (`/data/home/ada` is not ada's home, though its `ada` is her name). */
const BEFORE_HOME = String.raw`(?:(?<=\\[nrtbf])|(?<!${NAME_CHAR}|/|\\))`;
/** What may follow: not a name character; a full stop only when it ends a sentence (`ada.` yes, `ada.smith` no). */
const AFTER = String.raw`(?![\p{L}\p{N}_\-]|\.[\p{L}\p{N}_])`;
const SEPARATOR = String.raw`(?:\\\\|\\|/)`;

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

export class Anonymizer {
  private readonly pattern: RegExp | null;

  constructor(settings: AnonymizeSettings) {
    const { homes, users } = normalizeSettings(settings);
    const alternatives: string[] = [];
    // Homes first: at the same position, `/home/ada` is a home, not a name.
    if (homes.length > 0) alternatives.push(`(?<home>${BEFORE_HOME}(?:${homes.map(homePattern).join('|')})${AFTER})`);
    if (users.length > 0) alternatives.push(`(?<user>${BEFORE_USER}(?:${users.map(escapeRegExp).join('|')})${AFTER})`);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'giu') : null;
  }

  /** The text anonymized; the same string when nothing matched. */
  text(text: string): string {
    const pattern = this.pattern;
    if (pattern === null) return text;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, (...args: unknown[]) => ((args[args.length - 1] as { home?: string }).home !== undefined ? HOME_PLACEHOLDER : USER_PLACEHOLDER));
  }

  /** UTF-8 bytes (a raw tool output) anonymized; the same bytes when nothing matched. */
  bytes(bytes: Buffer): Buffer {
    if (this.pattern === null) return bytes;
    const text = bytes.toString('utf8');
    const anonymized = this.text(text);
    return anonymized === text ? bytes : Buffer.from(anonymized, 'utf8');
  }
}
