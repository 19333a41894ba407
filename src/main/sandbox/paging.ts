/** Search paging (query or body, per dialect) and date-time parsing shared by the search and statement calls. */

import { IST_OFFSET_TEXT } from '../../shared/domain/ist';
import { JsonNumber, type JsonObject } from './exact-json';
import type { Dialect } from './types';

export type Paging = { start: number; limit: number; direction: 'ASC' | 'DESC' };

const MAX_LIMIT = 5000;

/**
 * `offset` and `limit` query parameters (defaults 0 and 100, limit ≤ 5000 like EnKash's settlement search);
 * `offset` counts items or pages per dialect. `direction=DESC` lists newest first. Null when invalid.
 */
export function parsePaging(query: URLSearchParams, offsetMeans: 'items' | 'page'): Paging | null {
  return pagingFrom((name) => query.get(name), offsetMeans);
}

/**
 * The dialect's paging: from the query string, or (`searchPaging: 'body'`) from the JSON body's `offset`,
 * `limit` and `direction`, where the query string is ignored — as a server reading only its body would.
 */
export function searchPagingOf(
  dialect: Pick<Dialect, 'searchPaging' | 'searchOffset'>,
  query: URLSearchParams,
  body: JsonObject,
): Paging | null {
  if (dialect.searchPaging === 'query') return parsePaging(query, dialect.searchOffset);
  const read = (name: string): string | null | undefined => {
    const v = body[name];
    if (v === undefined || v === null) return null;
    if (v instanceof JsonNumber) return v.raw;
    return typeof v === 'string' ? v : undefined;
  };
  return pagingFrom(read, dialect.searchOffset);
}

/** `get` → the raw text of a paging field, null when absent, undefined when it is not text or a number. */
function pagingFrom(get: (name: string) => string | null | undefined, offsetMeans: 'items' | 'page'): Paging | null {
  const int = (name: string, fallback: number): number | null => {
    const v = get(name);
    if (v === undefined) return null;
    if (v === null || v === '') return fallback;
    return /^\d{1,9}$/.test(v) ? Number(v) : null;
  };
  const offset = int('offset', 0);
  const limit = int('limit', 100);
  if (offset === null || limit === null || limit < 1 || limit > MAX_LIMIT) return null;
  const dir = (get('direction') ?? 'ASC').toUpperCase();
  if (dir !== 'ASC' && dir !== 'DESC') return null;
  return { start: offsetMeans === 'page' ? offset * limit : offset, limit, direction: dir };
}

export function pageOf<T>(items: T[], paging: Paging): T[] {
  return items.slice(paging.start, paging.start + paging.limit);
}

/**
 * ISO-8601 date or date-time → ms. The server's time zone is undocumented; a value without a zone is read as
 * IST (+05:30), what an Indian accountant means. A bare date covers the whole day (`end` → 23:59:59.999).
 * Undefined input or an unreadable value → null.
 */
export function parseWireTime(value: string | undefined, edge: 'start' | 'end'): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const start = Date.parse(`${v}T00:00:00${IST_OFFSET_TEXT}`);
    if (Number.isNaN(start)) return null;
    return edge === 'start' ? start : start + 86_400_000 - 1;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : `${v}${IST_OFFSET_TEXT}`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}
