// The Electron shell's security settings, checked by loading electron/main.ts against a recording
// stand-in for the 'electron' module (the real binary cannot run on every machine). The project file,
// the import and the handlers behind IPC are real (SQLite on a temp file).
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../shared/api';
import { Project } from '../../electron/db';
import { generatePubmedCsv } from '../bench/generate';
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
  // What the window was sent (channel, payload), the menu built, the paths the open dialog returns,
  // and the message boxes shown.
  sent: [] as { channel: string; payload: unknown }[],
  onSend: null as null | ((channel: string, payload: unknown) => void),
  menu: [] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[],
  openPaths: [] as string[],
  boxes: [] as { message: string; detail?: string }[],
  errors: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = {
      isDestroyed: () => false,
      send: (channel: string, payload: unknown) => {
        rec.sent.push({ channel, payload });
        rec.onSend?.(channel, payload);
      },
    };
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
    dialog: {
      showErrorBox: (_title: string, text: string) => rec.errors.push(text),
      showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: rec.openPaths }),
      showMessageBox: (_win: unknown, box: { message: string; detail?: string }) => {
        rec.boxes.push(box);
        return Promise.resolve({ response: 0 });
      },
    },
    Menu: {
      buildFromTemplate: (t: typeof rec.menu) => {
        rec.menu = t;
        return t;
      },
      setApplicationMenu: () => undefined,
    },
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

/** An API call from the window's own page, through its IPC channel. */
function callApi(method: string, args: unknown): Promise<{ ok: boolean; result?: unknown }> {
  return rec.ipcHandlers.get(`api:${method}`)!(
    { sender: {}, senderFrame: { url: 'app://kolmap/index.html' } },
    args,
  ) as Promise<{ ok: boolean; result?: unknown }>;
}

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

  const menuItem = (label: string) => {
    const item = rec.menu.find((m) => m.label === 'File')?.submenu?.find((i) => i.label === label);
    if (!item?.click) throw new Error(`no File menu item "${label}"`);
    return item.click;
  };

  async function untilBox(count: number): Promise<void> {
    for (let i = 0; i < 2000 && rec.boxes.length + rec.errors.length < count; i++)
      await new Promise((r) => setTimeout(r, 10));
  }

  it("File > Import… opens the window's import wizard", () => {
    rec.sent.length = 0;
    menuItem('Import…')();
    expect(rec.sent).toEqual([{ channel: 'event:menu', payload: { action: 'import' } }]);
  });

  it('File > Import from Disk… imports the picked files with progress the window shows, and its Cancel stops it', async () => {
    const dir = tempDir('kolmap-shell-import-');
    const big = path.join(dir, 'disk.csv');
    const generated = generatePubmedCsv(big, { publications: 5_000, seed: 3 });
    const before = await callApi('getProject', {});
    const publications = (before.result as { totals: { publications: number } }).totals.publications;

    // Cancelled from the window at its first progress event: nothing stored, a box says so.
    rec.sent.length = 0;
    rec.openPaths = [big];
    const answers: unknown[] = [];
    rec.onSend = (channel) => {
      if (channel !== 'event:progress' || answers.length > 0) return;
      answers.push(null);
      void callApi('cancelImport', {}).then((a) => (answers[0] = a));
    };
    menuItem('Import from Disk…')();
    await untilBox(1);
    rec.onSend = null;
    expect(answers).toEqual([{ ok: true, result: { cancelled: true } }]);
    expect(rec.errors).toEqual([]);
    expect(rec.boxes).toEqual([
      { type: 'info', message: 'Import cancelled', detail: expect.stringMatching(/cancelled/) },
    ]);
    const progress = rec.sent.filter((m) => m.channel === 'event:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((m) => (m.payload as { origin?: string }).origin === 'menu')).toBe(true);
    expect(rec.sent.at(-1)).toMatchObject({
      channel: 'event:project-changed',
      payload: { totals: { publications } },
    });

    // Again without a cancel: imported, the window told, a box with the counts.
    rec.sent.length = 0;
    rec.boxes.length = 0;
    menuItem('Import from Disk…')();
    await untilBox(1);
    expect(rec.errors).toEqual([]);
    expect(rec.boxes[0]).toMatchObject({
      message: 'Import finished',
      detail: expect.stringContaining(`disk.csv: ${generated.publications} records`),
    });
    expect(rec.sent.at(-1)).toMatchObject({ channel: 'event:project-changed' });
    const after = (rec.sent.at(-1)!.payload as { totals: { publications: number } }).totals.publications;
    expect(after).toBeGreaterThan(publications);
  });
});
