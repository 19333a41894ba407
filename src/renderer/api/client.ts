import type { z } from 'zod';
import type { AppErrorShape, ErrorCode } from '../../shared/domain/errors';
import type { CommandName, Commands } from '../../shared/ipc/registry';

/** A failed command, as the renderer sees it: a closed code and a message safe to show. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

type Input<K extends CommandName> = z.input<Commands[K]['input']>;
type Output<K extends CommandName> = z.output<Commands[K]['output']>;

/** Calls a main-process command and unwraps its envelope, throwing ApiError on failure. */
export async function call<K extends CommandName>(name: K, ...input: Input<K> extends undefined ? [] : [Input<K>]) {
  const method = window.api[name] as unknown as (
    i?: unknown,
  ) => Promise<{ ok: true; value: Output<K> } | { ok: false; error: AppErrorShape }>;
  const envelope = await method(input[0]);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.details?.issues as { path: string; message: string }[] | undefined;
    if (issues?.length) return `${error.message} ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
