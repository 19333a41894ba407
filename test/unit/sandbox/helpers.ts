import { DEFAULT_DIALECT, resolveConfig } from '../../../src/main/sandbox/config';
import { createEngine, type Engine } from '../../../src/main/sandbox/engine';
import { isJsonObject, parseJsonExact, type JsonObject } from '../../../src/main/sandbox/exact-json';
import type { SandboxOptions } from '../../../src/main/sandbox/types';

/** A plain object as the exact-JSON tree the handlers receive from the wire. */
export function wire(value: unknown): JsonObject {
  const parsed = parseJsonExact(JSON.stringify(value));
  if (!isJsonObject(parsed)) throw new Error('not an object');
  return parsed;
}

/** An engine (no HTTP) on a hand-moved clock. */
export function testEngine(options: SandboxOptions = {}): { engine: Engine; clock: { t: number } } {
  const clock = { t: Date.UTC(2025, 0, 6, 4, 30) };
  const engine = createEngine(
    resolveConfig({ now: () => clock.t, timing: { failRate: 0, reverseRate: 0 }, ...options }),
    {
      ...DEFAULT_DIALECT,
      ...options.dialect,
    },
  );
  return { engine, clock };
}

export function item(transactionId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId,
    transferAmount: 10,
    transferMode: 'NEFT',
    beneficiaryDetail: {
      beneficiaryName: 'Ravi Kumar',
      beneficiaryAccountNumber: '123456789012',
      beneficiaryIfsc: 'HDFC0000001',
    },
    ...extra,
  };
}
