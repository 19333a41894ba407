import { z } from 'zod';
import { AppError } from '../../shared/domain/errors';
import { type Envelope } from '../../shared/ipc/errors';
import { commands, type CommandName, type Commands } from '../../shared/ipc/registry';
import type { Logger } from '../log';

/** One handler per command: gets the parsed input, returns what the output schema accepts. */
export type HandlerMap = {
  [K in CommandName]: (
    input: z.output<Commands[K]['input']>,
  ) => Promise<z.input<Commands[K]['output']>> | z.input<Commands[K]['output']>;
};

export type Dispatch = (channel: string, rawInput: unknown, senderUrl: string) => Promise<Envelope<unknown>>;

const byChannel = new Map<string, CommandName>(
  (Object.keys(commands) as CommandName[]).map((name) => [commands[name].channel, name]),
);

function zodDetails(error: z.ZodError): Record<string, unknown> {
  return {
    issues: error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/**
 * The single entry for every IPC call, used by Electron's ipcMain and by the e2e HTTP bridge alike: checks the
 * sender, parses the input with the command's zod schema, runs the handler, and strips the result through the
 * output schema (unknown keys are dropped, so a handler cannot leak a field the contract does not declare).
 */
export function createDispatcher(
  handlers: HandlerMap,
  options: { isTrustedSender: (url: string) => boolean; log: Logger },
): Dispatch {
  return async (channel, rawInput, senderUrl) => {
    const name = byChannel.get(channel);
    if (!name) {
      return { ok: false, error: { code: 'not_found', message: `Unknown command: ${channel}` } };
    }
    if (!options.isTrustedSender(senderUrl)) {
      options.log.warn('ipc.forbidden_sender', { channel });
      return {
        ok: false,
        error: { code: 'forbidden_sender', message: 'This request did not come from the app window.' },
      };
    }
    const contract = commands[name];
    const input = contract.input.safeParse(rawInput);
    if (!input.success) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: 'The request was not valid.', details: zodDetails(input.error) },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const result = await handler(input.data);
      const output = contract.output.safeParse(result);
      if (!output.success) {
        options.log.error('ipc.bad_output', { channel, ...zodDetails(output.error) });
        return { ok: false, error: { code: 'internal', message: 'The app produced an unexpected result.' } };
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      if (error instanceof z.ZodError) {
        return {
          ok: false,
          error: { code: 'invalid_input', message: 'The request was not valid.', details: zodDetails(error) },
        };
      }
      // Unknown errors may carry anything (paths, bodies), so only a generic message crosses IPC.
      options.log.error('ipc.handler_failed', { channel, error: error instanceof Error ? error.message : 'unknown' });
      return { ok: false, error: { code: 'internal', message: 'Something went wrong; see the log for details.' } };
    }
  };
}
