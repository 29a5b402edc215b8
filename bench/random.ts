/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) so that a corpus is a pure
 * function of its seed: same seed, same bytes, on every machine and Node version.
 */
export type Random = {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  /** True with probability `p`. */
  chance: (p: number) => boolean;
  /** One element of a non-empty array. */
  pick: <T>(items: readonly T[]) => T;
  /** One key of `weights`, drawn in proportion to its weight. */
  weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K;
  /** A number whose logarithm is uniform in [log(min), log(max)): sizes, durations. */
  logUniform: (min: number, max: number) => number;
  /** `length` lowercase hex digits. */
  hex: (length: number) => string;
  /** An independent stream derived from this one's seed and `label` (does not advance this one). */
  derive: (label: string | number) => Random;
};

function mixSplit32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function hashLabel(seed: number, label: string | number): number {
  // FNV-1a over the label's text, folded with the parent seed.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  const text = String(label);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const HEX = '0123456789abcdef';

/** Creates a deterministic random stream from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let sm = seed | 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [nextState, value] = mixSplit32(sm);
    sm = nextState;
    s[i] = value;
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;

  function nextUint32(): number {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  const next = (): number => nextUint32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const keys = Object.keys(weights) as K[];
      let total = 0;
      for (const k of keys) total += weights[k];
      let r = next() * total;
      for (const k of keys) {
        r -= weights[k];
        if (r < 0) return k;
      }
      return keys[keys.length - 1] as K;
    },
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
    hex: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += HEX[nextUint32() & 15];
      return out;
    },
    derive: (label) => createRandom(hashLabel(seed, label)),
  };
}
