import type { Dispatch } from '../../src/main/ipc/dispatch';
import type { Envelope } from '../../src/shared/ipc/errors';
import { commands, type CommandName } from '../../src/shared/ipc/registry';

/**
 * Calls through a test's dispatcher as the app window would (its channel, its sender): `ipc` answers the envelope,
 * `ok` its value or throws with the refusal's code and message. `dispatch` is read at call time, so a test may
 * build its dispatcher in beforeAll.
 */
export function dispatchCalls(dispatch: () => Dispatch, sender: string) {
  const ipc = (name: CommandName, input?: unknown): Promise<Envelope<unknown>> =>
    dispatch()(commands[name].channel, input, sender);
  const ok = async <T>(name: CommandName, input?: unknown): Promise<T> => {
    const reply = await ipc(name, input);
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  return { ipc, ok };
}
