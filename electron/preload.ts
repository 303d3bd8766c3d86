// Preload (sandboxed): exposes the API to the page through contextBridge, one invoke per method,
// generated from the contract's method list. Only this file imports ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, EVENT_NAMES, type EventName } from '../shared/api';

const api: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  api[method] = (args: unknown) => ipcRenderer.invoke(`api:${method}`, args ?? {});
}

contextBridge.exposeInMainWorld('kolmap', {
  transport: 'ipc',
  api,
  on(event: EventName, callback: (payload: unknown) => void): () => void {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event "${String(event)}".`);
    const listener = (_e: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on(`event:${event}`, listener);
    return () => ipcRenderer.removeListener(`event:${event}`, listener);
  },
});
