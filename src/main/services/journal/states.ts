/**
 * The journal still owns the moves (transition.ts is the one writer of a state); src/shared/domain owns the
 * vocabulary — the state lists, named sets and legal moves — so the renderer, the IPC contracts and src/main/db
 * read them without importing services. This re-export keeps the journal's many importers working.
 */
export * from '../../../shared/domain/payout-states';
