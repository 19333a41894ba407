import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, mergeFaults } from '../../../src/main/sandbox/config';
import { startSandbox, type SandboxHandle } from '../../../src/main/sandbox/index';

/**
 * `latencyMs` with `latencyCoversWork` (types.ts): by default the request is handled on arrival and answered
 * latencyMs after it; `false` keeps the older order, the delay and then the work. Either way no answer comes
 * sooner than latencyMs.
 */

const LATENCY = 120;
let sandbox: SandboxHandle | null = null;

afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

/** A password login; `handled` is when the simulator read its clock for it, relative to the send. */
async function timedLogin(coversWork: boolean): Promise<{ answered: number; handled: number; status: number }> {
  let handledAt = Number.NaN;
  let armed = false;
  sandbox = await startSandbox({
    now: () => {
      if (armed && Number.isNaN(handledAt)) handledAt = performance.now();
      return Date.now();
    },
    faults: { latencyMs: LATENCY, latencyCoversWork: coversWork },
  });
  // A first fetch in a process takes a while to get going; 404s are answered at once.
  await (await fetch(`${sandbox.url}/warm-up`)).text();
  armed = true;
  const sent = performance.now();
  const res = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=nobody&password=wrong',
  });
  await res.text();
  return { answered: performance.now() - sent, handled: handledAt - sent, status: res.status };
}

describe('sandbox latency', () => {
  it('by default the work is done inside the latency, and the answer still waits for all of it', async () => {
    const t = await timedLogin(true);
    expect(t.status).toBe(401);
    expect(t.handled).toBeLessThan(LATENCY / 2);
    expect(t.answered).toBeGreaterThanOrEqual(LATENCY - 2);
  });

  it('latencyCoversWork: false waits first and works after (latency + work)', async () => {
    const t = await timedLogin(false);
    expect(t.status).toBe(401);
    expect(t.handled).toBeGreaterThanOrEqual(LATENCY - 2);
    expect(t.answered).toBeGreaterThanOrEqual(t.handled);
  });

  it('the knob is a boolean, switchable at runtime like the other fault knobs', () => {
    expect(DEFAULT_FAULTS.latencyCoversWork).toBe(true);
    expect(mergeFaults(DEFAULT_FAULTS, { latencyCoversWork: false }).latencyCoversWork).toBe(false);
    expect(() => mergeFaults(DEFAULT_FAULTS, { latencyCoversWork: 'yes' as unknown as boolean })).toThrow(RangeError);
  });
});
