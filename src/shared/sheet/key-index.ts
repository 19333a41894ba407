/**
 * Rows grouped by a numeric key (a 53-bit hash of the duplicate or id key), in typed arrays: an open-addressing
 * table of chains, and per row its key and the next row of its chain (ascending). A 1,000,000-row sheet costs
 * ~32 MB per index here, with nothing for the garbage collector to trace, where a Map of a million keys cost far
 * more. Equal keys are only candidates: callers confirm them on the rows' real fields (validation-state.ts).
 */
export type KeyIndex = {
  /** Per row, its key; NaN when the row has none. */
  keys: Float64Array;
  /** Per row, the next row of its chain, or -1. */
  next: Int32Array;
  /** Per row that heads a chain, the chain's last row (rows are added in order: the new row goes after it). */
  last: Int32Array;
  /**
   * Per slot s, two ints from 2s: the chain's first row + 1 (0 empty, -1 deleted) and the key's low 32 bits. The
   * table is bigger than the caches on big sheets and every row is looked up once while the sheet is validated
   * (issue 15): a slot is one small read, and the key itself is read only when those 32 bits match.
   */
  slots: Int32Array;
  /** Number of slots (twice the rows: probes stay short). */
  capacity: number;
  /** Slots not empty (chains and deleted ones): past 3/4 of the table, it is rebuilt without the deleted. */
  used: number;
};

export function createKeyIndex(rows: number): KeyIndex {
  const capacity = Math.max(16, rows * 2);
  return {
    keys: new Float64Array(rows).fill(NaN),
    next: new Int32Array(rows).fill(-1),
    last: new Int32Array(rows),
    slots: new Int32Array(capacity * 2),
    capacity,
    used: 0,
  };
}

/** Rebuilds the slots from the rows' keys: edits leave deleted slots behind, and probing needs empty ones. */
function rebuild(index: KeyIndex): void {
  index.slots.fill(0);
  index.used = 0;
  keyBuild(index);
}

/** Rows sorted by the part of the table their key's home slot is in (this many parts). */
const PARTS = 1024;

/**
 * Puts every row whose `keys` entry is set (not NaN) into the table, which must hold none of them yet: what
 * `keyAdd` row by row does, but the rows are taken part of the table by part (a counting sort by home slot), so
 * the slots being written stay in the caches. Added one by one in row order, a big sheet's rows hit a random
 * slot each, a read from memory per row (issue 15). Within a part rows stay ascending, so chains still grow at
 * their end.
 */
export function keyBuild(index: KeyIndex): void {
  const keys = index.keys;
  const rows = keys.length;
  const scale = PARTS / index.capacity;
  const starts = new Int32Array(PARTS + 1);
  let keyed = 0;
  for (let row = 0; row < rows; row++) {
    const key = keys[row]!;
    if (Number.isNaN(key)) continue;
    starts[Math.floor(homeOf(index, tagOf(key)) * scale) + 1]!++;
    keyed++;
  }
  if (keyed === 0) return;
  for (let p = 0; p < PARTS; p++) starts[p + 1]! += starts[p]!;
  const order = new Int32Array(keyed);
  for (let row = 0; row < rows; row++) {
    const key = keys[row]!;
    if (Number.isNaN(key)) continue;
    order[starts[Math.floor(homeOf(index, tagOf(key)) * scale)]!++] = row;
  }
  for (let i = 0; i < keyed; i++) {
    const row = order[i]!;
    keyAdd(index, row, keys[row]!);
  }
}

/** The key's low 32 bits: well mixed (hash53's finaliser), so they pick the slot and tell most keys apart. */
function tagOf(key: number): number {
  // key mod 2^32 by a multiply and a floor: `%` on a double is a library call, and this runs for every row.
  return (key - Math.floor(key / 4294967296) * 4294967296) | 0;
}

/** The home slot of a tag: its 32 bits scaled to the table (any size, not only powers of two). */
function homeOf(index: KeyIndex, tag: number): number {
  return Math.floor(((tag >>> 0) / 4294967296) * index.capacity);
}

/** The slot (its offset in `slots`) whose chain holds `key`, or -1. */
function find(index: KeyIndex, key: number): number {
  const slots = index.slots;
  const tag = tagOf(key);
  let s = homeOf(index, tag);
  for (;;) {
    const at = s * 2;
    const head = slots[at]!;
    if (head === 0) return -1;
    if (head > 0 && slots[at + 1] === tag && index.keys[head - 1] === key) return at;
    if (++s === index.capacity) s = 0;
  }
}

/** Puts `row` in the chain of `key` (rows kept ascending). */
export function keyAdd(index: KeyIndex, row: number, key: number): void {
  index.keys[row] = key;
  index.next[row] = -1;
  const slots = index.slots;
  const at = find(index, key);
  if (at === -1) {
    if (index.used >= (index.capacity * 3) / 4) {
      index.keys[row] = NaN;
      rebuild(index);
      keyAdd(index, row, key);
      return;
    }
    const tag = tagOf(key);
    let free = homeOf(index, tag);
    while (slots[free * 2]! > 0) if (++free === index.capacity) free = 0;
    if (slots[free * 2] === 0) index.used++;
    slots[free * 2] = row + 1;
    slots[free * 2 + 1] = tag;
    index.last[row] = row;
    return;
  }
  const head = slots[at]! - 1;
  const tail = index.last[head]!;
  if (tail < row) {
    // Rows are added in order while a sheet is validated: the new row goes last.
    index.next[tail] = row;
    index.last[head] = row;
    return;
  }
  let prev = -1;
  let cur = head;
  while (cur !== -1 && cur < row) {
    prev = cur;
    cur = index.next[cur]!;
  }
  index.next[row] = cur;
  if (prev === -1) {
    slots[at] = row + 1;
    index.last[row] = tail;
  } else index.next[prev] = row;
}

/** Takes `row` out of its chain (no-op when it has no key). */
export function keyRemove(index: KeyIndex, row: number): void {
  const key = index.keys[row]!;
  if (Number.isNaN(key)) return;
  // Found before the row's key is cleared: find() recognises a chain by its first row's key.
  const at = find(index, key);
  index.keys[row] = NaN;
  if (at === -1) return;
  const slots = index.slots;
  const head = slots[at]! - 1;
  let prev = -1;
  let cur = head;
  while (cur !== -1 && cur !== row) {
    prev = cur;
    cur = index.next[cur]!;
  }
  if (cur === -1) return;
  const after = index.next[row]!;
  index.next[row] = -1;
  if (prev === -1) {
    if (after === -1) slots[at] = -1;
    else {
      slots[at] = after + 1;
      index.last[after] = index.last[row]!;
    }
  } else {
    index.next[prev] = after;
    if (after === -1) index.last[head] = prev;
  }
}

/** The first row of `row`'s chain, or -1 when it has no key. */
export function chainHead(index: KeyIndex, row: number): number {
  const key = index.keys[row]!;
  if (Number.isNaN(key)) return -1;
  const at = find(index, key);
  return at === -1 ? -1 : index.slots[at]! - 1;
}

/** True when another row shares `row`'s key. */
export function keyShared(index: KeyIndex, row: number): boolean {
  // A row with a next row in its chain shares its key without a look at the table.
  if (index.next[row] !== -1) return true;
  const head = chainHead(index, row);
  return head !== -1 && head !== row;
}

/**
 * Marks (sets `bit` in `into`) every row that shares its key with another row: a pass over `next` in row order
 * (every row of a chain but its last has a next row, and the last is its predecessor's next), where asking
 * `keyShared` row by row would read a random table slot per row (issue 15).
 */
export function markSharedRows(index: KeyIndex, into: Uint8Array, bit: number): void {
  const next = index.next;
  for (let row = 0; row < next.length; row++) {
    const after = next[row]!;
    if (after === -1) continue;
    into[row]! |= bit;
    into[after]! |= bit;
  }
}

/** The rows sharing `key`, ascending. */
export function keyMembers(index: KeyIndex, key: number): number[] {
  const out: number[] = [];
  if (Number.isNaN(key)) return out;
  const at = find(index, key);
  if (at === -1) return out;
  for (let row = index.slots[at]! - 1; row !== -1; row = index.next[row]!) out.push(row);
  return out;
}
