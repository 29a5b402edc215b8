/**
 * What `--anonymize` replaces, settled before any file is converted so that every thread
 * replaces the same homes and user names, whatever `--jobs`: the converting machine's home
 * and user name, the homes the input files lie under, and the homes of the sessions'
 * working directories (each header's `cwd`: `/home/<name>`, `/Users/<name>`,
 * `C:\Users\<name>`). A user name seen in one session is replaced in all of them.
 *
 * Each record's `source_path` becomes the file's path relative to the input root it was
 * found under (the directory searched, a glob's fixed part, the directory of a file named
 * on its own), with `/` separators: where the file sat on this machine is not written.
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { findHome, type AnonymizeSettings } from '../anonymize/anonymizer.js';
import { STDIN_PATH, type InputFile } from '../read/input-file.js';
import { readAllSessionLinks, type SessionLinks } from './session-groups.js';

export type MachineIdentity = { homeDir: string; userName: string | null };

/** `links`: the files' header links (same order) when already read, so that no header is read twice. */
export async function collectAnonymizeSettings(files: readonly InputFile[], links: readonly SessionLinks[] | null, machine: MachineIdentity): Promise<AnonymizeSettings> {
  const homes = new Set<string>([machine.homeDir]);
  const users = new Set<string>(machine.userName ? [machine.userName] : []);
  const add = (path: string | null): void => {
    const found = path === null ? null : findHome(path);
    if (!found) return;
    homes.add(found.home);
    users.add(found.user);
  };
  const readable = files.filter((file) => file.path !== STDIN_PATH);
  for (const file of readable) add(file.absolutePath ?? null);
  for (const { cwd } of links ?? (await readAllSessionLinks(readable))) add(cwd ?? null);
  const machineHome = findHome(machine.homeDir);
  if (machineHome) users.add(machineHome.user);
  return { homes: [...homes].sort(), users: [...users].sort() };
}

/** The files with `sourcePath` set to their path relative to the input root each was found under. */
export function relativeToInputRoots(files: readonly InputFile[], inputs: readonly string[], searchedDefaults: readonly string[], cwd: string): InputFile[] {
  const roots = [...searchedDefaults, ...inputs.filter((input) => input !== STDIN_PATH).map((input) => inputRoot(input, cwd))]
    .map((root) => resolve(cwd, root))
    .sort((a, b) => b.length - a.length);
  return files.map((file) => {
    if (file.path === STDIN_PATH || file.absolutePath === undefined) return file;
    const absolute = file.absolutePath;
    const root = roots.find((candidate) => absolute.startsWith(candidate.endsWith(sep) ? candidate : candidate + sep)) ?? dirname(absolute);
    const sourcePath = relative(root, absolute).split(sep).join('/');
    return { ...file, sourcePath: sourcePath === '' ? basename(absolute) : sourcePath };
  });
}

/** A glob's fixed leading directories; any other input is its own root (a file named on its own is under none). */
function inputRoot(input: string, cwd: string): string {
  if (!fg.isDynamicPattern(input)) return resolve(cwd, input);
  return resolve(cwd, fg.generateTasks([input])[0]?.base ?? '.');
}
