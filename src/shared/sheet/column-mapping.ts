import { fnv1a64 } from '../domain/hash';
import type { FileIssue } from '../domain/issue';
import type { SheetKind } from '../domain/payout';
import type { FieldKey } from './fields';
import { FIELD_LABELS, KIND_FIELDS, REQUIRED_FIELDS } from './fields';
import { fieldForHeader, normaliseHeader } from './header-synonyms';

/** Which sheet column (0-based index) feeds each field. Unmapped fields are absent. */
export type ColumnMapping = Partial<Record<FieldKey, number>>;

/** Excel's column letter for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The header as the user wrote it, or "Column D" for a blank header. */
export function columnLabel(headers: readonly string[], index: number): string {
  const h = headers[index]?.trim();
  return h ? h : `Column ${columnLetter(index)}`;
}

/**
 * Proposes a mapping from header synonyms for the given sheet kind. The first column that matches a field wins;
 * later ones ("Mobile" and "Phone") stay unmapped so nothing is silently merged.
 */
export function suggestMapping(headers: readonly string[], kind: SheetKind): ColumnMapping {
  const allowed = new Set<FieldKey>(KIND_FIELDS[kind]);
  const mapping: ColumnMapping = {};
  headers.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (field && allowed.has(field) && mapping[field] === undefined) mapping[field] = index;
  });
  return mapping;
}

/** The column label for each mapped field (issues name the column as the user wrote it). */
export function mappingLabels(headers: readonly string[], mapping: ColumnMapping): Partial<Record<FieldKey, string>> {
  const labels: Partial<Record<FieldKey, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [FieldKey, number][])
    labels[field] = columnLabel(headers, index);
  return labels;
}

/** The field a column is mapped to, if any (for an edited cell). */
export function fieldForColumn(mapping: ColumnMapping, columnIndex: number): FieldKey | undefined {
  return (Object.entries(mapping) as [FieldKey, number][]).find(([, index]) => index === columnIndex)?.[0];
}

/**
 * A stable key for a header layout, to remember a user-edited mapping: the normalised headers in order, hashed.
 * "A/c No, IFSC Code" and "a/c no.,ifsc code" share a key; a different column order does not.
 */
export function headerLayoutKey(headers: readonly string[]): string {
  const normalised = headers.map((h, i) => normaliseHeader(h) || `#${i}`);
  while (normalised.length > 0 && normalised[normalised.length - 1]!.startsWith('#')) normalised.pop();
  return `v1:${normalised.length}:${fnv1a64(normalised.join('\u001f'))}`;
}

/** Keeps only fields of this kind whose column exists (e.g. a remembered mapping applied to another file). */
export function sanitiseMapping(mapping: ColumnMapping, headers: readonly string[], kind: SheetKind): ColumnMapping {
  const allowed = new Set<FieldKey>(KIND_FIELDS[kind]);
  const out: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of KIND_FIELDS[kind]) {
    const index = mapping[field];
    if (index === undefined || !allowed.has(field) || !Number.isInteger(index) || index < 0 || index >= headers.length)
      continue;
    if (used.has(index)) continue;
    used.add(index);
    out[field] = index;
  }
  return out;
}

/** A file-level error when the mapping lacks a required column, naming what is missing and what was found. */
export function checkRequiredColumns(
  headers: readonly string[],
  mapping: ColumnMapping,
  kind: SheetKind,
): FileIssue | null {
  const missing = REQUIRED_FIELDS[kind].filter((anyOf) => !anyOf.some((f) => mapping[f] !== undefined));
  if (missing.length === 0) return null;
  const need = missing.map((anyOf) => anyOf.map((f) => FIELD_LABELS[f]).join(' or ')).join('; ');
  const found = headers.map((_, i) => columnLabel(headers, i));
  const shown = found.slice(0, 30).join(', ') + (found.length > 30 ? `, … (${found.length} columns)` : '');
  return {
    code: 'required_column_missing',
    message: `The ${kind === 'payouts' ? 'payout' : 'beneficiary'} sheet needs a column for: ${need}. Columns found: ${shown || 'none'}.`,
    columnsFound: found.slice(0, 1000),
  };
}
