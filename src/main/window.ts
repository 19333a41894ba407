import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hardenWebContents, secureWebPreferences } from './security';

export type WindowPaths = { preload: string; rendererHtml: string; devServerUrl?: string };

/** Where the built files sit relative to out/main, and the dev server electron-vite announces. */
export function windowPaths(mainDir: string, devServerUrl?: string): WindowPaths {
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererHtml: join(mainDir, '../renderer/index.html'),
    devServerUrl,
  };
}

export function windowOptions(preloadPath: string): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'EnKash Payout Desk',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function createMainWindow(paths: WindowPaths, isOwnUrl: (url: string) => boolean): BrowserWindow {
  const win = new BrowserWindow(windowOptions(paths.preload));
  hardenWebContents(win.webContents, { isOwnUrl, openExternal: (url) => void shell.openExternal(url) });
  win.once('ready-to-show', () => win.show());
  if (paths.devServerUrl) void win.loadURL(paths.devServerUrl);
  else void win.loadURL(pathToFileURL(paths.rendererHtml).toString());
  return win;
}
