import { z } from 'zod';
import { decimalToPaise } from './decimal-json';
import { fail } from './errors';

/**
 * Small tools for reading EnKash data whose field names are partly undocumented: pick the first of several
 * aliases, coerce ids and timestamps, read amounts exactly, and validate with zod so that a bad shape becomes
 * a typed `bad_shape` failure (whose issues name paths, never values — values may be account numbers).
 */

export type Aliases<K extends string> = Record<K, readonly string[]>;

type AliasIndex = { keys: string[]; byAlias: Map<string, { slot: number; rank: number }[]> };
const aliasIndexes = new WeakMap<object, AliasIndex>();

function indexOf(aliases: Aliases<string>): AliasIndex {
  let index = aliasIndexes.get(aliases);
  if (!index) {
    const keys = Object.keys(aliases);
    const byAlias = new Map<string, { slot: number; rank: number }[]>();
    keys.forEach((key, slot) =>
      aliases[key]!.forEach((alias, rank) => byAlias.set(alias, [...(byAlias.get(alias) ?? []), { slot, rank }])),
    );
    index = { keys, byAlias };
    aliasIndexes.set(aliases, index);
  }
  return index;
}

/** `{utr: ['utr','UTR','rrn']}` + `{rrn: 'X'}` → `{utr: 'X'}`; absent, null and '' are skipped. */
export function canonical<K extends string>(obj: unknown, aliases: Aliases<K>): Record<K, unknown> {
  const src = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const { keys, byAlias } = indexOf(aliases);
  const values: unknown[] = new Array<unknown>(keys.length).fill(undefined);
  const proto: unknown = Object.getPrototypeOf(src);
  if (proto === Object.prototype || proto === null) {
    // Parsed JSON: its own keys hold everything, so walk those once rather than probing every alias of every
    // field (a batch answer's 100 items × ~50 missing aliases were most of reading it). Lowest rank wins, as
    // the first present alias did.
    const ranks: number[] = new Array<number>(keys.length).fill(Infinity);
    for (const name of Object.keys(src)) {
      const targets = byAlias.get(name);
      if (!targets) continue;
      const v = src[name];
      if (v === undefined || v === null || v === '') continue;
      for (const { slot, rank } of targets) {
        if (rank < ranks[slot]!) {
          ranks[slot] = rank;
          values[slot] = v;
        }
      }
    }
  } else {
    keys.forEach((key, slot) => {
      const found = aliases[key as K].find((a) => src[a] !== undefined && src[a] !== null && src[a] !== '');
      values[slot] = found === undefined ? undefined : src[found];
    });
  }
  const out = {} as Record<K, unknown>;
  keys.forEach((key, slot) => (out[key as K] = values[slot]));
  return out;
}

/** The list inside `data`: the array itself, or the first array under one of `keys`, or a lone item. */
export function listFrom(
  data: unknown,
  keys: readonly string[],
  isItem: (o: Record<string, unknown>) => boolean,
): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (data === null || typeof data !== 'object') return null;
  const obj = data as Record<string, unknown>;
  for (const key of keys) {
    const v = obj[key];
    if (Array.isArray(v)) return v;
    // One more level: {data: {content: [...]}} as Spring pages nest it.
    if (v && typeof v === 'object') {
      const nested = listFrom(
        v,
        keys.filter((k) => k !== key),
        isItem,
      );
      if (nested) return nested;
    }
  }
  return isItem(obj) ? [obj] : null;
}

/** Ids and codes sometimes come as numbers: keep them as text, verbatim. */
export const textId = z.union([z.string(), z.number()]).transform((v) => String(v));
export const optionalText = z
  .union([z.string(), z.number(), z.boolean()])
  .optional()
  .transform((v) => (v === undefined ? null : String(v)));

/** A rupee amount (number or decimal string) → integer paise; > 2 decimals is an issue, never rounded. */
export const rupeesAsPaise = z.unknown().transform((v, ctx) => {
  const paise = decimalToPaise(v);
  if (paise === null) {
    ctx.addIssue({ code: 'custom', message: 'not an amount with at most two decimals' });
    return z.NEVER;
  }
  return paise;
});

export const optionalRupeesAsPaise = z.unknown().transform((v, ctx) => {
  if (v === undefined || v === null || v === '') return null;
  const paise = decimalToPaise(v);
  if (paise === null) {
    ctx.addIssue({ code: 'custom', message: 'not an amount with at most two decimals' });
    return z.NEVER;
  }
  return paise;
});

/** Timestamps: ISO strings kept verbatim; epoch milliseconds and Java LocalDateTime arrays converted. */
export function timestampText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    const d = new Date(v < 1e11 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (Array.isArray(v) && v.length >= 3 && v.every((n) => typeof n === 'number')) {
    const [y, mo, d, h = 0, mi = 0, s = 0] = v as number[];
    const p = (n: number) => String(n).padStart(2, '0');
    return `${y}-${p(mo!)}-${p(d!)}T${p(h)}:${p(mi)}:${p(s)}`;
  }
  return null;
}

export const optionalTimestamp = z.unknown().transform(timestampText);

// `.optional()`: zod 4 treats a bare `z.unknown()` key as required, so an absent flag was a bad shape.
export const optionalBoolean = z
  .unknown()
  .optional()
  .transform((v): boolean | null => {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 1) return true;
    if (v === 'false' || v === 0) return false;
    return null;
  });

/** zod parse that turns a failure into a `bad_shape` EnKash failure. */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown, httpStatus: number, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  fail({
    kind: 'bad_shape',
    httpStatus,
    issues: result.error.issues.slice(0, 10).map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`),
  });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
