import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AppError, type ErrorCode, isAppError } from '../../shared/domain/errors';

/** The Desk Server's wire: JSON in and out, errors as the app's closed error envelope `{ error: { code, message } }`. */
const MAX_BODY_BYTES = 1_000_000;
/** A staged sheet travels as mapped rows: 1,000,000 rows of payee fields fit in this. */
export const MAX_SHEET_BYTES = 512_000_000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  signed_out: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** The body parsed and checked by `schema`; an empty body is `{}`, or undefined for an IPC command without input. */
export async function readJson<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
  empty: 'object' | 'undefined' = 'object',
  maxBytes = MAX_BODY_BYTES,
): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new AppError('invalid_input', `The request body is larger than ${Math.round(maxBytes / 1_000_000)} MB.`);
    }
    chunks.push(chunk as Buffer);
  }
  let body: unknown = empty === 'object' ? {} : undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError('invalid_input', 'The request body is not JSON.');
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `Invalid request: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** An AppError keeps its code and message; anything else is `internal` without its text (it may hold a secret). */
export function sendError(res: ServerResponse, error: unknown, onInternal: (e: unknown) => void): void {
  if (isAppError(error)) {
    sendJson(res, STATUS[error.code] ?? 500, { error: error.toShape() });
    return;
  }
  onInternal(error);
  sendJson(res, 500, { error: { code: 'internal', message: 'The server could not do that; see its log.' } });
}
