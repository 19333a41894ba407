import type { EnkashClient } from '../../enkash/client';
import type { Ops } from '../../db/store/ops';
import type { JournalDeps } from './deps';
import {
  answeredNotSent,
  type ChunkFlight,
  claimAhead,
  departChunk,
  recordChunk,
  sendSingle,
  type SendOutcome,
  withdrawChunk,
} from './send';
import type { ChunkClaim } from './send-claim';

export type Item = { kind: 'chunk'; id: number; owner: string } | { kind: 'single'; id: number; owner: string };

/** A chunk claimed (SENDING committed) ahead of its departure, by a recording transaction or on its own. */
export type Chained = { item: Item; claim: ChunkClaim };

/** What a lane needs of its engine run (engine.ts). */
export type LaneContext = {
  deps: JournalDeps;
  client: EnkashClient;
  /** The next item no lane is working on, claimed; null when nothing is left. */
  take: () => Promise<Item | null>;
  unclaim: (item: Item) => void;
  /** Marks a chunk claimed ahead as in work, so no lane takes it. */
  claimed: (chunkId: number) => void;
  /** Claims the next chunk inside a transaction (undefined: this run claims only the ordinary way). */
  chainNext: (() => Ops<Chained | null>) | undefined;
  /** The run is pausing, cancelling or gave up: nothing new is claimed. */
  stopping: () => boolean;
  /** What the run makes of an outcome: go on, or stop taking work. */
  afterOutcome: (item: Item, outcome: SendOutcome) => Promise<'go' | 'stop'>;
  /** Keeps a claimed chunk's lease alive until the returned function lets it go. */
  holdLease: (chunkId: number, owner: string) => () => Promise<void>;
};

/**
 * A lane: one request in the air at a time, and the next chunk already claimed (SENDING committed) while it is —
 * so when an answer arrives the next request leaves at once, and the answer is recorded (with the chunk after
 * that claimed in the same transaction) while the next one is in the air: the journal's commits are off the
 * path between two requests (issue 13 point 5). A claim leaves even when the run was stopped meanwhile, like
 * any claim (cancel reports its rows as already sent); nothing new is claimed once stopping. Only an answer that
 * proves its request never left (EnKash unreachable, login refused) holds the next one back: it goes back to READY.
 */
export async function runLane(ctx: LaneContext): Promise<void> {
  const { deps, client, take, unclaim, chainNext, afterOutcome, holdLease } = ctx;
  let ready: (Chained & { release: () => Promise<void> }) | null = null;
  let flight: { item: Item; flight: ChunkFlight; release: () => Promise<void> } | null = null;
  let stopped = false;
  const stopping = () => stopped || ctx.stopping();
  const keep = (c: Chained | null) => {
    if (!c) return null;
    ctx.claimed(c.item.id);
    return { ...c, release: holdLease(c.item.id, c.item.owner) };
  };
  const depart = async (item: Item, claim: ChunkClaim | undefined, release: () => Promise<void>) => {
    try {
      const started = await departChunk(deps, client, item.id, 'first', { ownerId: item.owner, claimed: claim });
      if ('answer' in started) return { item, flight: started, release };
      await release();
      unclaim(item);
      return started;
    } catch (error) {
      await release();
      unclaim(item);
      throw error;
    }
  };
  try {
    for (;;) {
      if (flight === null) {
        if (ready === null && stopping()) return;
        const item = ready?.item ?? (await take());
        const claim = ready?.claim;
        const held = ready?.release;
        ready = null;
        if (!item) return;
        if (item.kind === 'single') {
          let outcome: SendOutcome;
          try {
            outcome = await sendSingle(deps, client, item.id, 'first', { ownerId: item.owner });
          } finally {
            unclaim(item);
          }
          if ((await afterOutcome(item, outcome)) === 'stop') stopped = true;
          continue;
        }
        const started = await depart(item, claim, held ?? holdLease(item.id, item.owner));
        if (!('flight' in started)) {
          if ((await afterOutcome(item, started)) === 'stop') stopped = true;
          continue;
        }
        flight = started;
      }
      // The next chunk claimed now, while this one is in the air (the lane's first; later ones are claimed by
      // the recording of the one before).
      if (ready === null && chainNext && !stopping()) ready = keep(await claimAhead(deps, chainNext));
      const answered = flight;
      flight = null;
      const refused = await answeredNotSent(answered.flight);
      if (ready !== null) {
        const next = ready;
        ready = null;
        if (refused) {
          // EnKash was not reached or refused the login: the chunk claimed ahead is not sent into that; it goes back
          // to READY (it never left) and the engine backs off or pauses as for the one before.
          try {
            await withdrawChunk(deps, next.item.id, next.claim);
          } finally {
            await next.release();
            unclaim(next.item);
          }
        } else {
          const started = await depart(next.item, next.claim, next.release);
          // Claimed beforehand, so it always leaves (a flight).
          if ('flight' in started) flight = started;
        }
      }
      let outcome: SendOutcome;
      try {
        const recorded = await recordChunk(deps, answered.flight, stopping() ? undefined : chainNext);
        outcome = recorded.outcome;
        ready = keep(recorded.next);
      } finally {
        await answered.release();
        unclaim(answered.item);
      }
      if ((await afterOutcome(answered.item, outcome)) === 'stop') stopped = true;
    }
  } finally {
    // Only after a failure is anything still held here: its rows stay SENDING for recovery; its lease may go.
    await ready?.release();
    await flight?.release();
  }
}
