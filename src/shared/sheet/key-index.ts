/**
 * Rows grouped by a numeric key (a 53-bit hash of the duplicate or id key), in typed arrays: an open-addressing
 * table of chain heads and tails, and per row its key and the next row of its chain (ascending). A 1,000,000-row
 * sheet costs ~40 MB here, with nothing for the garbage collector to trace, where a Map of a million keys cost far
 * more. Equal keys are only candidates: callers confirm them on the rows' real fields (validation-state.ts).
 */
export type KeyIndex = {
  /** Per row, its key; NaN when the row has none. */
  keys: Float64Array;
  /** Per row, the next row of its chain, or -1. */
  next: Int32Array;
  /** Per slot: 0 empty, -1 deleted, else first row of the chain + 1. */
  heads: Int32Array;
  /** Per slot, the chain's last row (valid while heads > 0). */
  tails: Int32Array;
  mask: number;
  /** Slots not empty (chains and deleted ones): past 3/4 of the table, it is rebuilt without the deleted. */
  used: number;
};

export function createKeyIndex(rows: number): KeyIndex {
  let capacity = 16;
  while (capacity < rows * 2) capacity *= 2;
  return {
    keys: new Float64Array(rows).fill(NaN),
    next: new Int32Array(rows).fill(-1),
    heads: new Int32Array(capacity),
    tails: new Int32Array(capacity),
    mask: capacity - 1,
    used: 0,
  };
}

/** Rebuilds the slots from the rows' keys: edits leave deleted slots behind, and probing needs empty ones. */
function rebuild(index: KeyIndex): void {
  index.heads.fill(0);
  index.used = 0;
  for (let row = 0; row < index.keys.length; row++) {
    const key = index.keys[row]!;
    if (!Number.isNaN(key)) keyAdd(index, row, key);
  }
}

function slotOf(index: KeyIndex, key: number): number {
  // The hash's low 32 bits are well mixed (hash53's finaliser), so they pick the slot directly.
  return (key % 4294967296) & index.mask;
}

/** The slot whose chain holds `key`, or -1. */
function find(index: KeyIndex, key: number): number {
  let s = slotOf(index, key);
  for (;;) {
    const head = index.heads[s]!;
    if (head === 0) return -1;
    if (head > 0 && index.keys[head - 1] === key) return s;
    s = (s + 1) & index.mask;
  }
}

/** Puts `row` in the chain of `key` (rows kept ascending). */
export function keyAdd(index: KeyIndex, row: number, key: number): void {
  index.keys[row] = key;
  index.next[row] = -1;
  const s = find(index, key);
  if (s === -1) {
    if (index.used >= ((index.mask + 1) * 3) / 4) {
      index.keys[row] = NaN;
      rebuild(index);
      keyAdd(index, row, key);
      return;
    }
    let free = slotOf(index, key);
    while (index.heads[free]! > 0) free = (free + 1) & index.mask;
    if (index.heads[free] === 0) index.used++;
    index.heads[free] = row + 1;
    index.tails[free] = row;
    return;
  }
  const tail = index.tails[s]!;
  if (tail < row) {
    // Rows are added in order while a sheet is validated: the new row goes last.
    index.next[tail] = row;
    index.tails[s] = row;
    return;
  }
  let prev = -1;
  let at = index.heads[s]! - 1;
  while (at !== -1 && at < row) {
    prev = at;
    at = index.next[at]!;
  }
  index.next[row] = at;
  if (prev === -1) index.heads[s] = row + 1;
  else index.next[prev] = row;
}

/** Takes `row` out of its chain (no-op when it has no key). */
export function keyRemove(index: KeyIndex, row: number): void {
  const key = index.keys[row]!;
  if (Number.isNaN(key)) return;
  // Found before the row's key is cleared: find() recognises a chain by its first row's key.
  const s = find(index, key);
  index.keys[row] = NaN;
  if (s === -1) return;
  let prev = -1;
  let at = index.heads[s]! - 1;
  while (at !== -1 && at !== row) {
    prev = at;
    at = index.next[at]!;
  }
  if (at === -1) return;
  const after = index.next[row]!;
  index.next[row] = -1;
  if (prev === -1) {
    if (after === -1) index.heads[s] = -1;
    else index.heads[s] = after + 1;
  } else {
    index.next[prev] = after;
    if (after === -1) index.tails[s] = prev;
  }
}

/** The first row of `row`'s chain, or -1 when it has no key. */
export function chainHead(index: KeyIndex, row: number): number {
  const key = index.keys[row]!;
  if (Number.isNaN(key)) return -1;
  const s = find(index, key);
  return s === -1 ? -1 : index.heads[s]! - 1;
}

/** True when another row shares `row`'s key. */
export function keyShared(index: KeyIndex, row: number): boolean {
  const head = chainHead(index, row);
  return head !== -1 && (head !== row || index.next[row] !== -1);
}

/** The rows sharing `key`, ascending. */
export function keyMembers(index: KeyIndex, key: number): number[] {
  const out: number[] = [];
  if (Number.isNaN(key)) return out;
  const s = find(index, key);
  if (s === -1) return out;
  for (let at = index.heads[s]! - 1; at !== -1; at = index.next[at]!) out.push(at);
  return out;
}
