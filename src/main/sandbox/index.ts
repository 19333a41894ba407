import type { AddressInfo } from 'node:net';
import { SandboxAuth } from './auth';
import { DEFAULT_FAULTS, mergeFaults, resolveConfig, resolveDialect } from './config';
import { createEngine, fund, persist, sync } from './engine';
import { FaultInjector } from './faults';
import { toSandboxPayout } from './payouts';
import { createSandboxServer } from './server';
import { FAULT_KINDS, type SandboxHandle, type SandboxOptions, type SandboxStats } from './types';

export * from './types';
export { SANDBOX_DEMO } from './demo-credentials';
export { DEFAULT_CREDENTIALS, DEFAULT_DIALECT, DEFAULT_FAULTS, DEFAULT_TIMING, STRICT_DIALECT } from './config';

/**
 * Starts the EnKash Sandbox simulator on 127.0.0.1: the same wire format as EnKash (token, encrypted
 * envelopes, the twelve payout calls), stateful, with a seeded lifecycle on an injectable clock and runtime
 * fault knobs. Used by the app's Sandbox environment and by tests as the EnKash stand-in.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  // Only ever loopback: the simulator accepts demo credentials that are in the source code.
  if (host !== '127.0.0.1') throw new Error('The sandbox only listens on 127.0.0.1');
  const config = resolveConfig(options);
  const engine = createEngine(config, resolveDialect(options));
  const auth = new SandboxAuth(config.credentials, config.now, config.tokenTtlSeconds, config.lockoutSeconds);
  const faultCounts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as SandboxStats['faults'];
  const knobs = mergeFaults(DEFAULT_FAULTS, {
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...options.faults,
  });
  const faults = new FaultInjector(config.seed, knobs, faultCounts);
  const stats: SandboxStats = {
    requests: 0,
    logins: 0,
    failedLogins: 0,
    lockedLoginAttempts: 0,
    unauthorized: 0,
    byOperation: {},
    faults: faultCounts,
    payoutsAccepted: 0,
    payoutsRejected: 0,
  };
  const { server, stopTimers } = createSandboxServer({ engine, auth, faults, stats });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  /** Handle reads see the state as of the clock's now, exactly as an API call would. */
  const current = () => {
    sync(engine);
    persist(engine);
    return engine.state;
  };

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        stopTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => persist(engine));
      return closing;
    },
    setFaults(f) {
      faults.knobs = mergeFaults(faults.knobs, f);
    },
    setDialect(d) {
      engine.dialect = { ...engine.dialect, ...d };
    },
    ledger: () => current().ledger.map((e) => ({ ...e })),
    paidCount: (transactionId) => current().ledger.filter((e) => e.transactionId === transactionId).length,
    balancePaise: () => current().balancePaise,
    payouts: () => [...current().payouts.values()].sort((a, b) => a.seq - b.seq).map(toSandboxPayout),
    stats: () => ({
      ...stats,
      ...auth.counters,
      ...engine.counters,
      byOperation: { ...stats.byOperation },
      faults: { ...stats.faults },
    }),
    addFunds(amountPaise) {
      fund(engine, amountPaise, sync(engine));
      persist(engine);
    },
    resetLockout: () => auth.resetLockout(),
    verifications: () => [...current().verifications.values()].map((v) => ({ ...v })),
  };
}
