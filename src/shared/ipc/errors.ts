import { z } from 'zod';
import { ERROR_CODES, type AppErrorShape } from '../domain/errors';

/** The error half of every IPC reply, parsed like any other output. */
export const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<AppErrorShape>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
