/**
 * Token occurrences grouped by the hash of their name (see `hashRange`), in typed arrays reused call
 * after call: the retry precondition groups every identifier of a file, and a map of arrays (one
 * array per distinct name) cost more than the rest of the test.
 */

/** Occurrences grouped by hash: read them group by group (`order`), each as a chain from `head` through `next`. */
export interface HashGroups {
  /** Number of groups (distinct hashes). */
  count: number;
  /** Per group, in the order of its first occurrence: its slot in `head`, `size` and `hash`. */
  order: Int32Array;
  /** Per slot: the first occurrence of the group. */
  head: Int32Array;
  /** Per slot: the number of occurrences. */
  size: Int32Array;
  /** Per slot: the group's hash. */
  hash: Int32Array;
  /** Per token: the next occurrence of its group, -1 after the last one. */
  next: Int32Array;
}

let slots = 0;
let keys = new Int32Array(0);
let tails = new Int32Array(0);
const groups: HashGroups = { count: 0, order: new Int32Array(0), head: new Int32Array(0), size: new Int32Array(0), hash: new Int32Array(0), next: new Int32Array(0) };

/** A reusable hash array of at least `count` entries (contents left as they are). */
let hashBuffer = new Int32Array(0);
export function hashArray(count: number): Int32Array {
  if (hashBuffer.length < count) hashBuffer = new Int32Array(Math.max(count, hashBuffer.length * 2, 1024));
  return hashBuffer;
}

/**
 * Groups tokens `0 .. count - 1` by `hashes[i]` (a non-negative 30-bit hash; negative: not grouped).
 * The result (and `hashes`) stay valid until the next call.
 */
export function groupByHash(hashes: Int32Array, count: number): HashGroups {
  let size = 16;
  while (size < count * 2) size *= 2;
  if (slots < size) {
    slots = size;
    keys = new Int32Array(size);
    tails = new Int32Array(size);
    groups.head = new Int32Array(size);
    groups.size = new Int32Array(size);
    groups.hash = new Int32Array(size);
    groups.order = new Int32Array(size);
  } else keys.fill(0, 0, size);
  if (groups.next.length < count) groups.next = new Int32Array(Math.max(count, groups.next.length * 2));
  const mask = size - 1;
  const { head, next, order } = groups;
  const sizes = groups.size;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const hash = hashes[i]!;
    if (hash < 0) continue;
    next[i] = -1;
    // Open addressing: `keys` holds hash + 1, 0 for a free slot.
    let slot = hash & mask;
    for (;;) {
      const key = keys[slot]!;
      if (key === 0) {
        keys[slot] = hash + 1;
        head[slot] = i;
        tails[slot] = i;
        sizes[slot] = 1;
        groups.hash[slot] = hash;
        order[n++] = slot;
        break;
      }
      if (key === hash + 1) {
        next[tails[slot]!] = i;
        tails[slot] = i;
        sizes[slot]!++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  groups.count = n;
  return groups;
}
