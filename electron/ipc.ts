// The API over Electron IPC, generated from the contract's method list (house rule 2).
// Only this file imports ipcMain. Each method is one channel `api:<method>`; events go out as `event:<name>`.
import { ipcMain, type WebContents } from 'electron';
import { API_METHODS, type ApiEvents, type EventName } from '../shared/api';
import { createHandlers, dispatch, type HandlerContext } from './api';
import { Analyser } from './api/analyser';
import { JsonText, ReaderPool } from './api/readers';

export function registerIpc(
  ctx: Omit<HandlerContext, 'emit'>,
  target: () => WebContents | null,
  isTrustedSender: (sender: WebContents, url: string) => boolean,
): HandlerContext['emit'] {
  const emit = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(`event:${event}`, payload);
  };
  // Long reads run in worker threads, so the main process (menus, the window) never waits for them;
  // their workers stop when the project closes. They answer with JSON text, which goes to the page as
  // bytes ({ ok, json }: the page parses it), so this process never holds or copies the result's objects.
  const handlers = createHandlers({
    readers: new ReaderPool({ json: true }),
    analyser: new Analyser(),
    ...ctx,
    emit,
  });
  for (const method of API_METHODS) {
    ipcMain.handle(`api:${method}`, (event, args: unknown) => {
      // Only our own page may call; arguments are validated against the contract inside dispatch().
      if (!event.senderFrame || !isTrustedSender(event.sender, event.senderFrame.url)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Calls are accepted from the kolmap window only.' },
        };
      }
      return dispatch(handlers, method, args).then((envelope) =>
        envelope.ok && envelope.result instanceof JsonText
          ? { ok: true as const, json: envelope.result.bytes }
          : envelope,
      );
    });
  }
  return emit;
}
