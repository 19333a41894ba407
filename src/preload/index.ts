import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

// Context isolation is on, so the page sees only this frozen object, never ipcRenderer itself.
contextBridge.exposeInMainWorld('api', buildApi(ipcRenderer));
