import { AppError, isAppError, type AppErrorShape } from '../shared/domain/errors';
import { UsageError, type CliIo } from './command';

/*
 * Kept apart from enkash-from-env.ts, which pulls in the EnKash client: a command that talks to no server
 * (`validate`) starts without loading it.
 */

/** Reports a failure the way every command does, and returns its exit code (2 usage, 3 refused, 1 otherwise). */
export function reportFailure(error: unknown, io: CliIo, asJson: boolean, usage: string): number {
  if (error instanceof UsageError) {
    if (asJson) io.out(JSON.stringify({ error: { code: 'invalid_input', message: error.message } }));
    io.err(`${error.message}\nUsage: npm run cli -- ${usage}`);
    return 2;
  }
  const shape: AppErrorShape = isAppError(error)
    ? error.toShape()
    : new AppError('internal', error instanceof Error ? error.message : String(error)).toShape();
  if (asJson) io.out(JSON.stringify({ error: shape }));
  else {
    const extra = shape.details?.enkashMessage ? ` (EnKash: ${String(shape.details.enkashMessage)})` : '';
    io.err(`${shape.message}${extra} [${shape.code}]`);
  }
  return exitCodeFor(shape.code);
}

/** 2 bad input; 3 refused by role, approval policy or self-approval (Team mode); 1 anything else. */
function exitCodeFor(code: AppErrorShape['code']): number {
  if (code === 'invalid_input') return 2;
  return code === 'forbidden' ? 3 : 1;
}
