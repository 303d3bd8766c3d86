// `kolmap serve` started as a child process, and headless Chromium (playwright-core) launched with the
// flags the e2e tests and the benches share (software WebGL, no background traffic).
import { spawn } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export interface ServedKolmap {
  /** The URL `kolmap serve` printed, carrying the token. */
  url: string;
  origin: string;
  token: string;
  pid: number;
  stop: () => Promise<void>;
}

/** Starts `node <bin> serve --db <db> --port 0` and resolves once it prints its URL. */
export function serveKolmap(
  bin: string,
  db: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ServedKolmap> {
  const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], {
    cwd: opts.cwd,
    env: opts.env,
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kolmap serve printed no URL: ${out} ${err}`)),
      opts.timeoutMs,
    );
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=([0-9a-f]+))/.exec(out);
      if (!m?.[1] || !m[2]) return;
      clearTimeout(timer);
      const url = m[1];
      resolve({
        url,
        origin: new URL(url).origin,
        token: m[2],
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kolmap serve exited with ${code}: ${err}`));
    });
  });
}

/** The Chromium to drive: $KOLMAP_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.KOLMAP_CHROMIUM ?? '/usr/bin/chromium';
}

/** Headless Chromium with the shared flags, plus `extraArgs`. */
export function launchChromium(
  opts: { executablePath?: string; extraArgs?: string[] } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: opts.executablePath ?? chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      // WebGL through SwiftShader (this machine has no GPU); compositing, raster and 2D canvas left to
      // Chromium, which does them in software without a GPU. `--use-angle=swiftshader` would instead
      // make SwiftShader the GPU for everything: every frame composited by it cost about 30 ms at the
      // map's size, even with 100 discs drawn.
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader-webgl',
      ...(opts.extraArgs ?? []),
    ],
  });
}
