/**
 * A small seeded random source (mulberry32) for generated data: the same seed gives the same demo
 * database on every machine, so a walkthrough in the README reads the same for everyone.
 */
interface WeightTable {
  keys: string[];
  values: number[];
  total: number;
}

const weightTables = new WeakMap<object, WeightTable>();

function weightTable(weights: Readonly<Record<string, number>>): WeightTable {
  const keys = Object.keys(weights);
  const values = keys.map((k) => weights[k]!);
  return { keys, values, total: values.reduce((sum, w) => sum + w, 0) };
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One of the keys, with probability proportional to its weight. A table of weights passed again
   * (a constant) is read once: a generator asks for millions of picks from the same few tables.
   */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let table = weightTables.get(weights);
    if (!table) weightTables.set(weights, (table = weightTable(weights)));
    let r = this.next() * table.total;
    const { keys, values } = table;
    for (let i = 0; i < keys.length; i++) {
      r -= values[i]!;
      if (r < 0) return keys[i] as K;
    }
    return keys[keys.length - 1] as K;
  }

  /** A duration around `median` with a long right tail (log-normal), never below `min`. */
  skewed(median: number, spread: number, min = 0): number {
    const u = Math.max(this.next(), 1e-9);
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, median * Math.exp(spread * normal));
  }

  /** `count` distinct items (or all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}
