/** A small seeded PRNG (mulberry32) so generated trees are identical for identical seeds. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** 0 <= x < 1 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

const WORDS = [
  'order', 'product', 'payment', 'invoice', 'customer', 'account', 'session', 'report', 'metric', 'channel',
  'message', 'ticket', 'shipment', 'catalog', 'price', 'tenant', 'profile', 'audit', 'search', 'upload',
  'schedule', 'billing', 'inventory', 'warehouse', 'agent', 'workflow', 'token', 'webhook', 'feature', 'quota',
];

/** A lowerCamel name from 1-2 domain words. */
export function camel(random: Random, words = 2): string {
  const parts = Array.from({ length: words }, () => random.pick(WORDS));
  return parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

export function pascal(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
