// The Electron main process: window, native menu, file dialogs and the project file. A thin shell:
// everything it does goes through the same handlers as browser mode (electron/api).
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  net,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importFromMenu, projectInfo, WriteQueue, type RunningImport } from './api';
import { CSP } from './csp';
import { Project } from './db';
import { ImportCancelledError, importDemo } from './import';
import { registerIpc } from './ipc';
import { RecentProjects } from './projects';

// The UI is served from a privileged app:// scheme rather than file://, so it has a real origin
// (module Web Workers and 'self' in the CSP work as in browser mode) and the CSP travels as a header.
const rendererDir = path.join(__dirname, '..', 'renderer');
const APP_ORIGIN = 'app://kolmap';
const rendererUrl = `${APP_ORIGIN}/index.html`;
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function serveRenderer(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(rendererDir, rel);
    if (url.host !== 'kolmap' || !file.startsWith(rendererDir + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
let win: BrowserWindow | null = null;
let project: Project | null = null;
// One write queue for the window's calls and the native menu's imports, and one running import's
// flags, so the window's Cancel stops a menu import too.
const writes = new WriteQueue();
const imports: RunningImport = { import: false, cancel: false };
// Recent projects: in Electron's userData folder (KOLMAP_RECENT_FILE overrides it, for tests).
const recent = new RecentProjects(
  process.env.KOLMAP_RECENT_FILE ?? path.join(app.getPath('userData'), 'recent.json'),
);

function currentProject(): Project {
  if (!project) throw new Error('No project is open.');
  return project;
}

async function openProject(file: string, fillDemoIfEmpty = false): Promise<void> {
  const next = Project.open(file);
  project?.close();
  project = next;
  recent.add(next.path);
  if (fillDemoIfEmpty && next.totals().publications === 0) await importDemo(next);
  win?.setTitle(`kolmap — ${next.name}`);
  emit('project-changed', projectInfo(next));
}

const emit = registerIpc(
  {
    project: currentProject,
    writes,
    imports,
    host: {
      recent,
      // New / Open typed in the window (the path is checked by the handler): the old project closes
      // only once the new one is open.
      openProject: (file) => {
        const next = Project.open(file);
        project?.close();
        project = next;
        win?.setTitle(`kolmap — ${next.name}`);
        return next;
      },
      saveFile: async (defaultName, content) => {
        if (!win) return { saved: false, path: null };
        const choice = await dialog.showSaveDialog(win, {
          defaultPath: defaultName,
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        });
        if (choice.canceled || !choice.filePath) return { saved: false, path: null };
        writeFileSync(choice.filePath, content, 'utf8');
        return { saved: true, path: choice.filePath };
      },
    },
  },
  () => win?.webContents ?? null,
  (_sender, url) => url.startsWith(`${APP_ORIGIN}/`),
);

/** Switching projects waits for no write: it is refused (with a message) while one is queued or running. */
function refuseWhileWriting(): boolean {
  if (!writes.busy || !win) return false;
  void dialog.showMessageBox(win, {
    type: 'warning',
    message: 'An import is running',
    detail: `${project?.name ?? 'The project'} is being written to. Wait for the import to finish, then switch projects.`,
  });
  return true;
}

async function menuNewProject(): Promise<void> {
  if (!win || refuseWhileWriting()) return;
  const r = await dialog.showSaveDialog(win, {
    title: 'New project',
    defaultPath: 'project.kolmap',
    filters: [{ name: 'kolmap project', extensions: ['kolmap'] }],
  });
  if (!r.canceled && r.filePath) await openProject(r.filePath);
}

async function menuOpenProject(): Promise<void> {
  if (!win || refuseWhileWriting()) return;
  const r = await dialog.showOpenDialog(win, {
    title: 'Open project',
    properties: ['openFile'],
    filters: [{ name: 'kolmap project', extensions: ['kolmap'] }],
  });
  const file = r.filePaths[0];
  if (!r.canceled && file) await openProject(file);
}

async function menuImport(): Promise<void> {
  if (!win) return;
  const r = await dialog.showOpenDialog(win, {
    title: 'Import exports',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Exports', extensions: ['csv', 'txt', 'nbib', 'tsv'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (r.canceled || r.filePaths.length === 0) return;
  // Paths come from the main process's own dialog, never from the page.
  try {
    const result = await importFromMenu({ project: currentProject, writes, imports, emit }, r.filePaths);
    const lines = result.files.map(
      (f) =>
        `${f.file}: ${f.records} records, ${f.imported} imported, ${f.duplicates} duplicates, ${f.rejected} rejected`,
    );
    await dialog.showMessageBox(win, { type: 'info', message: 'Import finished', detail: lines.join('\n') });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (err instanceof ImportCancelledError)
      await dialog.showMessageBox(win, { type: 'info', message: 'Import cancelled', detail: text });
    else dialog.showErrorBox('Import failed', text);
  }
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => void menuNewProject() },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+Shift+O', click: () => void menuOpenProject() },
        { type: 'separator' },
        // The window's import wizard (preview, column mapping, report), as the Import button opens it.
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => emit('menu', { action: 'import' }) },
        // Files picked here are read straight from disk, however large (the wizard sends each whole, up to 400 MB).
        { label: 'Import from Disk…', click: () => void menuImport() },
        {
          label: 'Export ranked CSV…',
          accelerator: 'CmdOrCtrl+E',
          click: () => emit('menu', { action: 'export-csv' }),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Find person…', accelerator: 'CmdOrCtrl+F', click: () => emit('menu', { action: 'find' }) },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'kolmap',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(rendererUrl);
  if (project) win.setTitle(`kolmap — ${project.name}`);
}

app.on('web-contents-created', (_e, contents) => {
  // No navigation away from the app and no new windows; http(s) links open in the OS browser.
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app
  .whenReady()
  .then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    serveRenderer();
    buildMenu();
    const fromArgs = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.kolmap'));
    await openProject(fromArgs ?? path.join(app.getPath('userData'), 'demo.kolmap'), !fromArgs);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  })
  .catch((err: unknown) => {
    dialog.showErrorBox('kolmap could not start', err instanceof Error ? err.message : String(err));
    app.quit();
  });

app.on('window-all-closed', () => {
  project?.close();
  project = null;
  if (process.platform !== 'darwin') app.quit();
});
