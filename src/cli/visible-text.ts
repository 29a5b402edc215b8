/**
 * Rollout text shown on a terminal: control characters (escape sequences, carriage returns,
 * NUL, C1 controls) are written as visible escapes such as `\x1b`, so a session cannot
 * clear the screen, move the cursor or retitle the terminal of whoever inspects it.
 * Tabs stay; newlines are the caller's to split on.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function visibleText(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
