import type { z } from 'zod';
import type { Envelope } from './errors';

/** Channels are `domain:verb-noun`; the pattern is enforced when contracts are defined. */
const CHANNEL = /^[a-z]+:[a-z]+(-[a-z]+)*$/;

export type CommandContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  kind: 'command';
  channel: string;
  input: I;
  output: O;
};

export type EventContract<P extends z.ZodType = z.ZodType> = {
  kind: 'event';
  channel: string;
  payload: P;
};

/** Declares one request/response command. The same object drives the preload, main and the e2e stand-in. */
export function command<I extends z.ZodType, O extends z.ZodType>(
  channel: string,
  input: I,
  output: O,
): CommandContract<I, O> {
  if (!CHANNEL.test(channel)) throw new Error(`Bad IPC channel name: ${channel}`);
  return { kind: 'command', channel, input, output };
}

/** Declares one main → renderer event. */
export function event<P extends z.ZodType>(channel: string, payload: P): EventContract<P> {
  if (!CHANNEL.test(channel)) throw new Error(`Bad IPC event name: ${channel}`);
  return { kind: 'event', channel, payload };
}

export type CommandMap = Record<string, CommandContract>;
export type EventMap = Record<string, EventContract>;

/** The renderer-side function for one command: takes the input, resolves to the envelope. */
export type ApiMethod<C extends CommandContract> =
  z.input<C['input']> extends undefined
    ? (input?: z.input<C['input']>) => Promise<Envelope<z.output<C['output']>>>
    : (input: z.input<C['input']>) => Promise<Envelope<z.output<C['output']>>>;

/** What `window.api` looks like, derived from the registry so it cannot drift from main. */
export type ApiOf<C extends CommandMap, E extends EventMap> = {
  [K in keyof C]: ApiMethod<C[K]>;
} & {
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<K extends keyof E & string>(name: K, listener: (payload: z.output<E[K]['payload']>) => void): () => void;
};
