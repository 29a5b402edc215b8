import { describe, expect, it } from 'vitest';
import { Anonymizer, findHome } from '../../src/anonymize/anonymizer.js';

describe('findHome', () => {
  it('finds the home and user of Linux, macOS, Windows and WSL paths', () => {
    expect(findHome('/home/ada/src/app')).toEqual({ home: '/home/ada', user: 'ada' });
    expect(findHome('/Users/ada.lovelace')).toEqual({ home: '/Users/ada.lovelace', user: 'ada.lovelace' });
    expect(findHome('C:\\Users\\Ada\\proj')).toEqual({ home: 'C:\\Users\\Ada', user: 'Ada' });
    expect(findHome('d:/Users/ada/proj')).toEqual({ home: 'd:/Users/ada', user: 'ada' });
    expect(findHome('/mnt/c/Users/ada/x')).toEqual({ home: '/mnt/c/Users/ada', user: 'ada' });
    expect(findHome('/root/project')).toEqual({ home: '/root', user: 'root' });
  });

  it('finds none in paths outside a home', () => {
    expect(findHome('/tmp/work')).toBeNull();
    expect(findHome('/')).toBeNull();
    expect(findHome('/rootless/x')).toBeNull();
    expect(findHome('relative/home/ada')).toBeNull();
  });
});

describe('Anonymizer', () => {
  const anonymizer = new Anonymizer({ homes: ['/home/ada', 'C:\\Users\\ada', '/root'], users: ['ada', 'root'] });

  it('writes a home as ~ and keeps the rest of the path', () => {
    expect(anonymizer.text('cd /home/ada/src/app && ls')).toBe('cd ~/src/app && ls');
    expect(anonymizer.text('/home/ada')).toBe('~');
    expect(anonymizer.text('cwd=/root/project')).toBe('cwd=~/project');
    expect(anonymizer.text('C:\\Users\\ada\\proj and c:/users/ADA/x')).toBe('~\\proj and ~/x');
  });

  it('replaces a bare user name only as a whole word', () => {
    expect(anonymizer.text('ada@laptop:~$ whoami\nada')).toBe('<user>@laptop:~$ whoami\n<user>');
    expect(anonymizer.text('-rw-r--r-- 1 ada staff 12 notes.txt')).toBe('-rw-r--r-- 1 <user> staff 12 notes.txt');
    expect(anonymizer.text('Thanks, Ada.')).toBe('Thanks, <user>.');
    expect(anonymizer.text('adamant canada ada-laptop ada.smith ada_2 /home/ada2')).toBe('adamant canada ada-laptop ada.smith ada_2 /home/ada2');
  });

  it('takes a home inside a longer path as no home, but its user name as a name', () => {
    expect(anonymizer.text('/data/home/ada/x')).toBe('/data/home/<user>/x');
  });

  it('never replaces a generic account name as a word (its home still goes)', () => {
    expect(anonymizer.text('the root of the tree is /root')).toBe('the root of the tree is ~');
  });

  it('keeps JSON text valid: escaped separators, paths after an escape', () => {
    const json = JSON.stringify({ cmd: 'type C:\\Users\\ada\\a.txt', out: 'x\n/home/ada/y', who: 'ada' });
    const anonymized = anonymizer.text(json);
    expect(JSON.parse(anonymized)).toEqual({ cmd: 'type ~\\a.txt', out: 'x\n~/y', who: '<user>' });
  });

  it('returns the same string or bytes when nothing matches', () => {
    const text = 'nothing here';
    expect(anonymizer.text(text)).toBe(text);
    const bytes = Buffer.from('plain output');
    expect(anonymizer.bytes(bytes)).toBe(bytes);
    expect(anonymizer.bytes(Buffer.from('héllo /home/ada/é')).toString()).toBe('héllo ~/é');
  });

  it('does nothing without homes or users, and drops too-short and generic names', () => {
    expect(new Anonymizer({ homes: [], users: [] }).text('/home/ada')).toBe('/home/ada');
    expect(new Anonymizer({ homes: [], users: ['al', 'user', 'runner'] }).text('al user runner')).toBe('al user runner');
  });

  it('prefers the longest home when one contains another', () => {
    const nested = new Anonymizer({ homes: ['/home/ada', '/home/ada/.local/share/ada'], users: [] });
    expect(nested.text('/home/ada/.local/share/ada/x')).toBe('~/x');
  });
});
