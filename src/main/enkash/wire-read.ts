import { z } from 'zod';
import { decimalToPaise } from './decimal-json';
import { fail } from './errors';

/**
 * Small tools for reading EnKash data whose field names are partly undocumented: pick the first of several
 * aliases, coerce ids and timestamps, read amounts exactly, and validate with zod so that a bad shape becomes
 * a typed `bad_shape` failure (whose issues name paths, never values — values may be account numbers).
 */

export type Aliases<K extends string> = Record<K, readonly string[]>;

/** `{utr: ['utr','UTR','rrn']}` + `{rrn: 'X'}` → `{utr: 'X'}`; absent, null and '' are skipped. */
export function canonical<K extends string>(obj: unknown, aliases: Aliases<K>): Record<K, unknown> {
  const src = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const out = {} as Record<K, unknown>;
  for (const key of Object.keys(aliases) as K[]) {
    const found = aliases[key].find((alias) => src[alias] !== undefined && src[alias] !== null && src[alias] !== '');
    out[key] = found === undefined ? undefined : src[found];
  }
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
export const optionalTimestamp = z.unknown().transform((v): string | null => {
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
});

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
