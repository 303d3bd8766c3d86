// The Electron shell's security settings, checked by loading electron/main.ts against a recording
// stand-in for the 'electron' module (the real binary cannot run on every machine). The project file,
// the import and the handlers behind IPC are real (SQLite on a temp file).
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../shared/api';
import { Project } from '../../electron/db';
import { tempDir } from '../helpers/cli';

type Listener = (...args: unknown[]) => unknown;

const rec = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
  appListeners: new Map<string, Listener>(),
  ipcHandlers: new Map<string, Listener>(),
  schemes: [] as unknown[],
  protocolHandler: null as null | ((req: Request) => Promise<Response>),
  permissionRequest: null as null | Listener,
  permissionCheck: null as null | Listener,
  external: [] as string[],
  userData: '',
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { isDestroyed: () => false, send: () => undefined };
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      rec.windows.push({ options, loaded: this.loaded });
    }
    once() {}
    on() {}
    show() {}
    setTitle() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    isPackaged: false,
    getPath: () => rec.userData,
    on: (event: string, fn: Listener) => rec.appListeners.set(event, fn),
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
  };
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: () => undefined },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    ipcMain: { handle: (channel: string, fn: Listener) => rec.ipcHandlers.set(channel, fn) },
    net: { fetch: (url: string) => Promise.resolve(new Response(`fetched ${url}`)) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s),
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => {
        rec.protocolHandler = fn;
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => {
          rec.permissionRequest = fn;
        },
        setPermissionCheckHandler: (fn: Listener) => {
          rec.permissionCheck = fn;
        },
      },
    },
    shell: { openExternal: (url: string) => rec.external.push(url) },
  };
});

async function settle(): Promise<void> {
  for (let i = 0; i < 200 && rec.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
}

describe('Electron shell', () => {
  beforeAll(async () => {
    rec.userData = tempDir('kolmap-shell-');
    await import('../../electron/main');
    await settle();
  });

  it('opens one window with context isolation and sandbox on, Node integration off', () => {
    expect(rec.windows).toHaveLength(1);
    const prefs = rec.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(rec.windows[0]!.loaded).toEqual(['app://kolmap/index.html']);
  });

  it('denies every permission request', () => {
    let granted: boolean | null = null;
    rec.permissionRequest?.({}, 'geolocation', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(rec.permissionCheck?.()).toBe(false);
  });

  it('blocks navigation and new windows; http(s) links go to the OS browser only', () => {
    const handlers = new Map<string, Listener>();
    let openHandler: Listener | null = null;
    const contents = {
      on: (event: string, fn: Listener) => handlers.set(event, fn),
      setWindowOpenHandler: (fn: Listener) => (openHandler = fn),
    };
    rec.appListeners.get('web-contents-created')?.({}, contents);
    let prevented = false;
    handlers.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    expect(openHandler!({ url: 'https://pubmed.ncbi.nlm.nih.gov/1' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(rec.external).toEqual(['https://pubmed.ncbi.nlm.nih.gov/1']);
    let webviewBlocked = false;
    handlers.get('will-attach-webview')?.({ preventDefault: () => (webviewBlocked = true) });
    expect(webviewBlocked).toBe(true);
  });

  it('serves the UI from app://kolmap with the CSP, and nothing outside the renderer folder', async () => {
    expect(rec.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    const ok = await rec.protocolHandler!(new Request('app://kolmap/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const escape = await rec.protocolHandler!(new Request('app://kolmap/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(404);
    const otherHost = await rec.protocolHandler!(new Request('app://elsewhere/index.html'));
    expect(otherHost.status).toBe(404);
  });

  it('registers one IPC channel per API method, trusts only its own page, validates arguments', async () => {
    expect([...rec.ipcHandlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
    const call = (url: string, method: string, args: unknown) =>
      rec.ipcHandlers.get(`api:${method}`)!({ sender: {}, senderFrame: { url } }, args) as Promise<{
        ok: boolean;
        result?: { name: string; totals: { publications: number } };
        error?: { code: string; message: string };
      }>;
    const foreign = await call('https://evil.example/', 'getProject', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const own = await call('app://kolmap/index.html', 'getProject', {});
    expect(own.ok).toBe(true);
    // First start opens the demo project, filled with the bundled demo data.
    expect(own.result!.name).toBe('demo');
    expect(own.result!.totals.publications).toBeGreaterThan(1000);
    const bad = await call('app://kolmap/index.html', 'getPerson', { id: -3 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const pathArg = await call('app://kolmap/index.html', 'saveExport', {
      defaultName: '../../x.csv',
      content: '',
    });
    expect(pathArg).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(path.basename(rec.userData)).toMatch(/^kolmap-shell-/);
  });

  it('answers the long reads from a reader thread as JSON bytes the page parses, equal to the in-thread read', async () => {
    const call = (method: string, args: unknown) =>
      rec.ipcHandlers.get(`api:${method}`)!(
        { sender: {}, senderFrame: { url: 'app://kolmap/index.html' } },
        args,
      ) as Promise<{ ok: boolean; json?: Uint8Array }>;
    const direct = Project.open(path.join(rec.userData, 'demo.kolmap'));
    try {
      for (const [method, args, expected] of [
        ['getIdentityQueue', { limit: 20 }, direct.identityDecisions().queue(20)],
        ['getAnalysisInput', { ta: 'oncology' }, direct.analysisInput({ ta: 'oncology' })],
      ] as const) {
        const envelope = await call(method, args);
        expect(envelope.ok).toBe(true);
        expect(envelope.json).toBeInstanceOf(Uint8Array);
        expect(new TextDecoder().decode(envelope.json)).toBe(JSON.stringify(expected));
      }
    } finally {
      direct.close();
    }
  });
});
