import type { ApiOf } from './contract';
import { appContracts, appEvents } from './contracts/app';
import { batchContracts, batchEvents } from './contracts/batches';
import { enkashContracts } from './contracts/enkash';
import { historyContracts, historyEvents } from './contracts/history';
import { journalContracts } from './contracts/journal';
import { bulkBeneficiaryContracts, bulkBeneficiaryEvents, importContracts } from './contracts/imports';
import { settingsContracts } from './contracts/settings';

/**
 * Every IPC command the renderer may call. The preload's `window.api`, main's handler registration and the
 * e2e stand-in are all built from this one object, so they cannot drift apart.
 */
export const commands = {
  ...appContracts,
  ...settingsContracts,
  ...enkashContracts,
  ...importContracts,
  ...bulkBeneficiaryContracts,
  ...batchContracts,
  ...historyContracts,
  ...journalContracts,
};

/** Every main → renderer event. */
export const events = {
  ...appEvents,
  ...bulkBeneficiaryEvents,
  ...batchEvents,
  ...historyEvents,
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
