import { commandChannels, eventChannels } from '../../../src/shared/ipc/registry';

/**
 * Source of the `window.api` stand-in injected into the page: generated from the same registry as the real
 * preload, each method POSTs its input to the bridge, which runs the real main-process dispatcher.
 */
export function standinScript(): string {
  const commands = JSON.stringify(commandChannels);
  const events = JSON.stringify(eventChannels);
  return `(() => {
  const commands = ${commands};
  const events = new Map(${events});
  const api = {};
  for (const [name, channel] of commands) {
    api[name] = (input) => fetch('/__ipc/' + channel, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    }).then((r) => r.json());
  }
  let source = null;
  const listeners = new Map();
  api.on = (name, listener) => {
    const channel = events.get(name);
    if (!channel) throw new Error('Unknown event: ' + name);
    if (!source) {
      source = new EventSource('/__events');
      source.onmessage = (m) => {
        const { channel: ch, payload } = JSON.parse(m.data);
        for (const l of listeners.get(ch) || []) l(payload);
      };
    }
    const set = listeners.get(channel) || new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false });
})();`;
}
