import type { ApiOf } from './contract';
import { accountContracts } from './contracts/accounts';
import { accountingContracts } from './contracts/accounting';
import { appContracts, appEvents } from './contracts/app';
import { auditContracts } from './contracts/audit';
import { batchContracts, batchEvents } from './contracts/batches';
import { beneficiaryContracts, beneficiaryEvents } from './contracts/beneficiaries';
import { connectionContracts } from './contracts/connection';
import { credentialContracts } from './contracts/credentials';
import { exportContracts, exportEvents } from './contracts/exports';
import { historyContracts } from './contracts/history';
import { importContracts } from './contracts/imports';
import { journalContracts } from './contracts/journal';
import { reconContracts } from './contracts/recon';
import { settingsContracts } from './contracts/settings';
import { teamContracts } from './contracts/team';
import { verificationContracts, verificationEvents } from './contracts/verification';

/**
 * Every IPC command the renderer may call. The preload's `window.api`, main's handler registration and the
 * e2e stand-in are all built from this one object, so they cannot drift apart.
 */
export const commands = {
  ...appContracts,
  ...settingsContracts,
  ...credentialContracts,
  ...connectionContracts,
  ...accountContracts,
  ...beneficiaryContracts,
  ...importContracts,
  ...batchContracts,
  ...historyContracts,
  ...reconContracts,
  ...auditContracts,
  ...exportContracts,
  ...accountingContracts,
  ...journalContracts,
  ...verificationContracts,
  ...teamContracts,
};

/** Every main → renderer event. */
export const events = {
  ...appEvents,
  ...beneficiaryEvents,
  ...batchEvents,
  ...exportEvents,
  ...verificationEvents,
};

export type Commands = typeof commands;
export type Events = typeof events;
export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type Api = ApiOf<Commands, Events>;

/** Channel → method name, for the preload and the stand-in. */
export const commandChannels: ReadonlyArray<readonly [CommandName, string]> = (
  Object.keys(commands) as CommandName[]
).map((name) => [name, commands[name].channel] as const);

export const eventChannels: ReadonlyArray<readonly [EventName, string]> = (Object.keys(events) as EventName[]).map(
  (name) => [name, events[name].channel] as const,
);
