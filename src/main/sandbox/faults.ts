import { createRng, type Rng } from './rng';
import type { FaultKind, FaultKnobs, SandboxStats } from './types';

/**
 * Fault injection. A seeded stream decides, per eligible call, whether a fault fires and which kind. Create
 * payout and batch calls are eligible for every enabled kind; every other /api/v0 call only for
 * `token_expiry` (an expired bearer can hit any call).
 */

export class FaultInjector {
  private readonly rng: Rng;

  constructor(
    seed: number,
    public knobs: FaultKnobs,
    private readonly counts: SandboxStats['faults'],
  ) {
    // A different stream from the lifecycle hashes, so changing fault settings never changes payout fates.
    this.rng = createRng((seed ^ 0x5eed_fa17) >>> 0);
  }

  /** Draws for one call; null means answer normally. */
  draw(isPayoutCall: boolean): FaultKind | null {
    const eligible = isPayoutCall ? this.knobs.kinds : this.knobs.kinds.filter((k) => k === 'token_expiry');
    if (eligible.length === 0 || this.knobs.faultRate <= 0) return null;
    if (this.rng.next() >= this.knobs.faultRate) return null;
    const kind = eligible[Math.min(Math.floor(this.rng.next() * eligible.length), eligible.length - 1)] as FaultKind;
    this.counts[kind] += 1;
    return kind;
  }
}
