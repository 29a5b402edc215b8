import type { Random } from './random.js';

/**
 * Synthetic but realistic text for tool outputs, patches, prompts and instructions. Real
 * rollouts are dominated by what commands print (source files, test logs, JSON, listings,
 * diffs), so the pools below imitate those, including what makes JSON escaping expensive:
 * quotes, backslashes, tabs, ANSI colour codes, carriage returns and non-ASCII text.
 *
 * Pools are built once from a seeded stream; outputs are assembled by picking lines from them,
 * which keeps generation fast (no per-character randomness for megabytes of text).
 */
export type OutputKind = 'code' | 'log' | 'json' | 'listing' | 'diff' | 'unicode';

export type TextPools = {
  lines: Readonly<Record<OutputKind, readonly string[]>>;
  /** Builds a multi-line body of about `bytes` UTF-16 units, mostly of `kind`. */
  body: (rng: Random, kind: OutputKind, bytes: number) => string;
  /** A sentence or few of plain English with inline code, for prompts and messages. */
  prose: (rng: Random, chars: number) => string;
  /** A Markdown document of about `chars` characters (system prompts, AGENTS.md). */
  markdown: (rng: Random, chars: number) => string;
  word: (rng: Random) => string;
  identifier: (rng: Random) => string;
  path: (rng: Random) => string;
};

const WORDS = (
  'the a an of to in for on with by from that this is are be it as at or not we you they ' +
  'should must can will would make sure when then if each every only also before after ' +
  'file files test tests function module package build run check error errors value values ' +
  'config option options user users request response server client cache index data type ' +
  'types schema record records stream buffer line lines output input path paths directory ' +
  'change changes update fix bug issue feature refactor review commit branch merge patch ' +
  'parse parser decode encode write read load save handle handler event events queue worker ' +
  'thread memory performance latency timeout retry network database query table column row ' +
  'model tool tools call calls result results step steps plan session turn message context ' +
  'instructions workspace repository project code behaviour expected actual failing passing ' +
  'small large fast slow simple clear correct careful explicit minimal existing new old'
).split(' ');

const IDENT_PARTS = (
  'user session token line record stream parse build write read load cache index event item ' +
  'call output input config path file node tree span range count total size limit offset ' +
  'buffer chunk batch queue worker pool handle state status result error value key map list'
).split(' ');

const DIRS = ['src', 'src/lib', 'src/core', 'src/api', 'src/utils', 'lib', 'test', 'tests', 'crates/core/src', 'packages/web/src', 'app', 'scripts', 'docs'];
const EXTS = ['.ts', '.tsx', '.rs', '.py', '.go', '.js', '.json', '.md', '.toml', '.yaml'];

const UNICODE_SNIPPETS = [
  'café déjà vu naïve résumé', 'Größe über Straße', 'こんにちは世界、テストが失敗しました', '错误：无法找到文件',
  '테스트 통과', 'Ошибка: файл не найден', 'Ελληνικά κείμενο', 'עברית טקסט', 'مرحبا بالعالم',
  '✓ passed', '✗ failed', '⚠ warning', '🚀 deployed', '✅ done', '❌ error', '🔥 hot path', '📦 package',
  '├── src', '│   ├── index.ts', '└── README.md', '→ next', '⇒ implies', '≤ 10 ms', '±3%', 'µs', '∑ total',
  'e\u0301 (combining accent)', 'ZWJ 👩‍💻 sequence', 'math 𝔸𝔹ℂ', 'NBSP\u00a0here', '«quoted»', '“curly quotes”',
];

const LOG_LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR', 'TRACE'];
const ANSI = ['\u001b[32m', '\u001b[31m', '\u001b[33m', '\u001b[1m', '\u001b[2m', '\u001b[36m'];

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

function makeIdentifier(rng: Random): string {
  const a = rng.pick(IDENT_PARTS);
  const b = rng.pick(IDENT_PARTS);
  return rng.chance(0.5) ? a + capitalize(b) : `${a}_${b}`;
}

function makePath(rng: Random): string {
  return `${rng.pick(DIRS)}/${makeIdentifier(rng).replace(/_/g, '-')}${rng.pick(EXTS)}`;
}

function makeWords(rng: Random, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(rng.pick(WORDS));
  return out.join(' ');
}

function makeCodeLine(rng: Random): string {
  const id = makeIdentifier(rng);
  const id2 = makeIdentifier(rng);
  const indent = ' '.repeat(rng.pick([0, 2, 4, 4, 6, 8, 12]));
  switch (rng.int(0, 19)) {
    case 0: return `${indent}const ${id} = await ${id2}("${makePath(rng)}", { retries: ${rng.int(0, 9)} });`;
    case 1: return `${indent}if (${id}.length > ${rng.int(1, 4096)} && !${id2}) {`;
    case 2: return `${indent}}`;
    case 3: return `${indent}return { ${id}, ${id2}: ${id2} ?? null };`;
    case 4: return `${indent}fn ${id2}(&mut self, ${id}: &str) -> Result<usize, Error> {`;
    case 5: return `${indent}let ${id} = ${id2}.get(&key).ok_or_else(|| anyhow!("missing {}", key))?;`;
    case 6: return `${indent}def ${id}(self, ${id2}: int = ${rng.int(0, 100)}) -> dict[str, Any]:`;
    case 7: return `${indent}raise ValueError(f"bad ${id}: {${id2}!r}")`;
    case 8: return `${indent}// ${capitalize(makeWords(rng, rng.int(4, 14)))}.`;
    case 9: return `${indent}# ${capitalize(makeWords(rng, rng.int(4, 12)))}`;
    case 10: return `${indent}const pattern = /^(\\d{4})-(\\d{2})-(\\d{2})T[^"\\\\]*$/u;`;
    case 11: return `${indent}console.log(\`\${${id}} -> "\${${id2}}"\\n\`);`;
    case 12: return `${indent}import { ${id}, ${id2} } from "./${makeIdentifier(rng).replace(/_/g, '-')}.js";`;
    case 13: return `${indent}\t${id} := strings.Split(${id2}, "\\t") // tab-separated`;
    case 14: return `${indent}"${id}": "${makeWords(rng, 3)}",`;
    case 15: return `${indent}expect(${id}(${rng.int(0, 99)})).toEqual({ ${id2}: "${rng.hex(8)}" });`;
    case 16: return `${indent}for (let i = 0; i < ${id}.length; i++) ${id2}[i] = ${id}[i] * ${rng.int(2, 64)};`;
    case 17: return `${indent}throw new Error("${capitalize(makeWords(rng, 5))}: " + JSON.stringify(${id}));`;
    case 18: return '';
    default: return `${indent}${id}.${id2}(${rng.int(0, 1000)}, '${rng.pick(UNICODE_SNIPPETS)}');`;
  }
}

function makeTimestamp(rng: Random): string {
  const h = String(rng.int(0, 23)).padStart(2, '0');
  const m = String(rng.int(0, 59)).padStart(2, '0');
  const s = String(rng.int(0, 59)).padStart(2, '0');
  return `2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}T${h}:${m}:${s}.${String(rng.int(0, 999)).padStart(3, '0')}Z`;
}

function makeLogLine(rng: Random): string {
  switch (rng.int(0, 11)) {
    case 0: return `${makeTimestamp(rng)} ${rng.pick(LOG_LEVELS).padEnd(5)} ${makeIdentifier(rng)}::${makeIdentifier(rng)}: ${makeWords(rng, rng.int(3, 12))} id=${rng.hex(12)} latency_ms=${rng.int(0, 900)}`;
    case 1: return ` ${rng.chance(0.85) ? '✓' : '×'} ${makePath(rng)} (${rng.int(1, 80)} tests) ${rng.int(1, 4000)}ms`;
    case 2: return `    at ${makeIdentifier(rng)} (/home/user/project/${makePath(rng)}:${rng.int(1, 900)}:${rng.int(1, 80)})`;
    case 3: return `${rng.pick(ANSI)}${rng.pick(['PASS', 'FAIL', 'RUNS', 'SKIP'])}\u001b[0m ${makePath(rng)}`;
    case 4: return `test ${makeIdentifier(rng)}::${makeIdentifier(rng)} ... ${rng.chance(0.9) ? 'ok' : 'FAILED'}`;
    case 5: return `   Compiling ${makeIdentifier(rng).replace(/_/g, '-')} v0.${rng.int(1, 40)}.${rng.int(0, 9)} (/home/user/project/crates/${makeIdentifier(rng)})`;
    case 6: return `\r[${'='.repeat(rng.int(0, 30))}>${' '.repeat(rng.int(0, 10))}] ${rng.int(0, 100)}% ${rng.int(1, 999)}/${rng.int(1000, 5000)}`;
    case 7: return `npm warn deprecated ${makeIdentifier(rng)}@${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 20)}: "${makeWords(rng, 6)}"`;
    case 8: return `E   AssertionError: assert ${rng.int(0, 99)} == ${rng.int(0, 99)}\tin ${makePath(rng)}`;
    case 9: return `warning: unused variable: \`${makeIdentifier(rng)}\` --> ${makePath(rng)}:${rng.int(1, 500)}:${rng.int(1, 40)}`;
    case 10: return `${makeTimestamp(rng)} ${rng.pick(LOG_LEVELS)} ${rng.pick(UNICODE_SNIPPETS)} ${makeWords(rng, 4)}`;
    default: return `${makeWords(rng, rng.int(2, 16))}`;
  }
}

function makeJsonValue(rng: Random, depth: number): unknown {
  const r = rng.int(0, depth > 2 ? 5 : 8);
  switch (r) {
    case 0: return rng.int(-1000, 100000);
    case 1: return rng.chance(0.5);
    case 2: return null;
    case 3: return `${makeWords(rng, rng.int(1, 8))}`;
    case 4: return makePath(rng);
    case 5: return `say "${rng.pick(WORDS)}"\\${rng.pick(UNICODE_SNIPPETS)}\n`;
    case 6: {
      const arr: unknown[] = [];
      for (let i = rng.int(0, 4); i > 0; i--) arr.push(makeJsonValue(rng, depth + 1));
      return arr;
    }
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(1, 5); i > 0; i--) obj[makeIdentifier(rng)] = makeJsonValue(rng, depth + 1);
      return obj;
    }
  }
}

function makeJsonLines(rng: Random): string[] {
  const doc: Record<string, unknown> = {};
  for (let i = rng.int(2, 6); i > 0; i--) doc[makeIdentifier(rng)] = makeJsonValue(rng, 0);
  return JSON.stringify(doc, null, 2).split('\n');
}

function makeListingLine(rng: Random): string {
  switch (rng.int(0, 3)) {
    case 0: return `${rng.pick(['drwxr-xr-x', '-rw-r--r--', '-rwxr-xr-x'])} ${rng.int(1, 9)} user user ${String(rng.int(0, 99999)).padStart(6)} Oct ${rng.int(1, 28)} ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')} ${makeIdentifier(rng)}${rng.pick(EXTS)}`;
    case 1: return `./${makePath(rng)}`;
    case 2: return `${makePath(rng)}:${rng.int(1, 2000)}:${makeCodeLine(rng).trim()}`;
    default: return `${rng.pick(['M', 'A', 'D', '??', 'R'])} ${makePath(rng)}`;
  }
}

function makeDiffLines(rng: Random): string[] {
  const path = makePath(rng);
  const out = [`diff --git a/${path} b/${path}`, `index ${rng.hex(7)}..${rng.hex(7)} 100644`, `--- a/${path}`, `+++ b/${path}`];
  for (let h = rng.int(1, 3); h > 0; h--) {
    const start = rng.int(1, 800);
    out.push(`@@ -${start},${rng.int(3, 12)} +${start},${rng.int(3, 14)} @@ ${makeIdentifier(rng)}`);
    for (let i = rng.int(3, 12); i > 0; i--) out.push(rng.pick([' ', ' ', '-', '+']) + makeCodeLine(rng));
  }
  return out;
}

function makeUnicodeLine(rng: Random): string {
  const parts: string[] = [];
  for (let i = rng.int(1, 4); i > 0; i--) parts.push(rng.chance(0.6) ? rng.pick(UNICODE_SNIPPETS) : makeWords(rng, rng.int(1, 5)));
  return parts.join(' ');
}

function makeMarkdown(rng: Random, chars: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < chars) {
    let block: string;
    switch (rng.int(0, 5)) {
      case 0: block = `${rng.pick(['#', '##', '###'])} ${capitalize(makeWords(rng, rng.int(1, 5)))}`; break;
      case 1: case 2: {
        const bullets: string[] = [];
        for (let i = rng.int(2, 7); i > 0; i--) bullets.push(`- ${capitalize(makeWords(rng, rng.int(5, 24)))} \`${makeIdentifier(rng)}\`.`);
        block = bullets.join('\n');
        break;
      }
      case 3: {
        const code: string[] = ['```' + rng.pick(['ts', 'rust', 'python', 'sh', 'json'])];
        for (let i = rng.int(2, 8); i > 0; i--) code.push(makeCodeLine(rng));
        code.push('```');
        block = code.join('\n');
        break;
      }
      default: block = `${capitalize(makeWords(rng, rng.int(20, 70)))}. Use \`${makeIdentifier(rng)}\` and "${makeWords(rng, 2)}" when ${makeWords(rng, 6)}.`;
    }
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n');
}

const POOL_SIZE = 3000;
const CHUNK_COUNT = 400;

/** Builds the text pools once per corpus (deterministic for a given stream). */
export function createTextPools(rng: Random): TextPools {
  const code: string[] = [];
  const log: string[] = [];
  const json: string[] = [];
  const listing: string[] = [];
  const diff: string[] = [];
  const unicode: string[] = [];
  for (let i = 0; i < POOL_SIZE; i++) {
    code.push(makeCodeLine(rng));
    log.push(makeLogLine(rng));
    listing.push(makeListingLine(rng));
    unicode.push(makeUnicodeLine(rng));
  }
  while (json.length < POOL_SIZE) json.push(...makeJsonLines(rng));
  while (diff.length < POOL_SIZE) diff.push(...makeDiffLines(rng));
  const lines: Record<OutputKind, readonly string[]> = { code, log, json, listing, diff, unicode };
  // Pre-joined runs of lines: big bodies are assembled from these a few KB at a time.
  const chunks = {} as Record<OutputKind, string[]>;
  for (const kind of Object.keys(lines) as OutputKind[]) {
    const pool = lines[kind];
    chunks[kind] = [];
    for (let i = 0; i < CHUNK_COUNT; i++) {
      const run: string[] = [];
      let at = rng.int(0, pool.length - 1);
      for (let n = rng.int(16, 64); n > 0; n--) {
        run.push(rng.chance(0.03) ? rng.pick(unicode) : pool[at % pool.length]!);
        at++;
      }
      chunks[kind].push(run.join('\n'));
    }
  }

  return {
    lines,
    body: (r, kind, bytes) => {
      const pool = lines[kind];
      const runs = chunks[kind];
      const out: string[] = [];
      let size = 0;
      // Runs of consecutive pool lines look like real files and logs; a sprinkle of
      // non-ASCII lines keeps every kind honest about UTF-8.
      let at = r.int(0, pool.length - 1);
      while (size < bytes) {
        const piece = bytes - size > 4096 ? r.pick(runs) : r.chance(0.03) ? r.pick(unicode) : pool[at++ % pool.length]!;
        out.push(piece);
        size += piece.length + 1;
      }
      return out.join('\n') + '\n';
    },
    prose: (r, chars) => {
      const out: string[] = [];
      let size = 0;
      while (size < chars) {
        const sentence = r.chance(0.2)
          ? `Look at \`${makePath(r)}\` and \`${makeIdentifier(r)}()\`.`
          : `${capitalize(makeWords(r, r.int(5, 20)))}${r.chance(0.1) ? ` ${r.pick(UNICODE_SNIPPETS)}` : ''}.`;
        out.push(sentence);
        size += sentence.length + 1;
      }
      return out.join(' ');
    },
    markdown: makeMarkdown,
    word: (r) => r.pick(WORDS),
    identifier: makeIdentifier,
    path: makePath,
  };
}
