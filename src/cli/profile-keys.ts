import { z } from 'zod';
import { apiProfileSchema, type ApiProfile } from '../shared/settings/api-profile';

/**
 * The API profile as dotted keys (`paths.searchPayouts`, `modeLimits.IMPS.maxPaise` …), derived from the zod
 * schema itself, so a field another change adds to the profile appears in `profile show|set` with no edit here.
 * Each key knows how its command-line text becomes a value (by the schema type) and what it accepts.
 */

export type KeyKind =
  | { type: 'enum'; options: string[] }
  | { type: 'number'; integer: boolean; min: number | null; max: number | null }
  | { type: 'boolean' }
  | { type: 'text'; literals: string[] };

export type ProfileKey = { key: string; path: string[]; kind: KeyKind; nullable: boolean };

/** The word for "no value" on a nullable key (a mode limit: no limit). */
export const NONE = 'none';

function kindOf(schema: z.ZodType): { kind: KeyKind; nullable: boolean } {
  let s: z.ZodType = schema;
  let nullable = false;
  // Unwrap the modifiers the profile uses; `nullable` is remembered, defaults and optionals are transparent.
  for (;;) {
    if (s instanceof z.ZodNullable) {
      nullable = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else break;
  }
  if (s instanceof z.ZodEnum) return { kind: { type: 'enum', options: s.options.map(String) }, nullable };
  if (s instanceof z.ZodNumber) {
    const min = s.minValue;
    const max = s.maxValue;
    return {
      kind: {
        type: 'number',
        integer: s.isInt,
        min: min === null || !Number.isFinite(min) || min <= Number.MIN_SAFE_INTEGER ? null : min,
        max: max === null || !Number.isFinite(max) || max >= Number.MAX_SAFE_INTEGER ? null : max,
      },
      nullable,
    };
  }
  if (s instanceof z.ZodBoolean) return { kind: { type: 'boolean' }, nullable };
  if (s instanceof z.ZodUnion) {
    // e.g. Custom base URL: a URL or ''. Text, with the literal alternatives named.
    const literals = (s.options as z.ZodType[])
      .filter((o): o is z.ZodLiteral => o instanceof z.ZodLiteral)
      .flatMap((o) => [...o.values].map(String));
    return { kind: { type: 'text', literals }, nullable };
  }
  return { kind: { type: 'text', literals: [] }, nullable };
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : null;
}

function walk(schema: z.ZodType, path: string[], out: ProfileKey[]): void {
  const shape = objectShape(schema);
  if (!shape) {
    out.push({ key: path.join('.'), path, ...kindOf(schema) });
    return;
  }
  for (const [name, child] of Object.entries(shape)) walk(child, [...path, name], out);
}

/** Every settable key of the API profile, in schema order. */
export function profileKeys(schema: z.ZodType = apiProfileSchema): ProfileKey[] {
  const out: ProfileKey[] = [];
  walk(schema, [], out);
  return out;
}

/** What a key accepts, in words ("one of query, body", "a whole number from 1 to 1000, or none" …). */
export function allowedText(k: ProfileKey): string {
  const none = k.nullable ? `, or ${NONE}` : '';
  switch (k.kind.type) {
    case 'enum':
      return `one of ${k.kind.options.join(', ')}${none}`;
    case 'boolean':
      return `true or false${none}`;
    case 'number': {
      const { min, max, integer } = k.kind;
      const what = integer ? 'a whole number' : 'a number';
      const range =
        min !== null && max !== null
          ? ` from ${min} to ${max}`
          : min !== null
            ? ` ≥ ${min}`
            : max !== null
              ? ` ≤ ${max}`
              : '';
      return `${what}${range}${none}`;
    }
    case 'text': {
      const literals = k.kind.literals.map((l) => (l === '' ? '"" (empty)' : l));
      return `text${literals.length ? ` or ${literals.join(', ')}` : ''}${none}`;
    }
  }
}

/** Command-line text → the key's value by its type; the schema then checks the rest (ranges, patterns). */
export function parseKeyValue(k: ProfileKey, raw: string): { ok: true; value: unknown } | { ok: false } {
  if (k.nullable && raw.trim().toLowerCase() === NONE) return { ok: true, value: null };
  switch (k.kind.type) {
    case 'enum':
      return k.kind.options.includes(raw) ? { ok: true, value: raw } : { ok: false };
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : { ok: false };
    case 'number': {
      const pattern = k.kind.integer ? /^-?\d{1,16}$/ : /^-?\d{1,16}(\.\d+)?$/;
      return pattern.test(raw.trim()) ? { ok: true, value: Number(raw.trim()) } : { ok: false };
    }
    case 'text':
      return { ok: true, value: raw };
  }
}

export function valueAt(profile: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined),
    profile,
  );
}

/** A copy of `profile` with one leaf replaced (objects along the path copied, the rest shared). */
export function withValue(profile: ApiProfile, path: readonly string[], value: unknown): ApiProfile {
  const set = (node: unknown, i: number): unknown => {
    if (i === path.length) return value;
    const obj = (node && typeof node === 'object' ? node : {}) as Record<string, unknown>;
    return { ...obj, [path[i]!]: set(obj[path[i]!], i + 1) };
  };
  return set(profile, 0) as ApiProfile;
}
