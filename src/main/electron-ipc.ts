import type { BrowserWindow, IpcMain } from 'electron';
import { commandChannels } from '../shared/ipc/registry';
import type { Dispatch } from './ipc/dispatch';
import type { EventBus } from './ipc/events';

/** Binds every registry command to ipcMain through the one dispatcher, and forwards events to the window. */
export function bindIpc(ipcMain: IpcMain, dispatch: Dispatch, bus: EventBus, getWindow: () => BrowserWindow | null) {
  for (const [, channel] of commandChannels) {
    ipcMain.handle(channel, (event, input: unknown) => dispatch(channel, input, event.senderFrame?.url ?? ''));
  }
  return bus.subscribe((channel, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  });
}
