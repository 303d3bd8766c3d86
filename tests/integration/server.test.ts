// Browser-mode server security and transport, in process against a real project on a temp file:
// 127.0.0.1 only, the token on every request, Host and Origin checked, no CORS, a body limit, and
// arguments validated against the contract.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../electron/db';
import { startServer, type RunningServer } from '../../electron/server';
import { tempDir } from '../helpers/cli';
import { request, staticDirIn } from '../helpers/server';

describe('kolmap serve (HTTP transport)', () => {
  let server: RunningServer;
  let project: Project;
  let host: string;

  beforeAll(async () => {
    const dir = tempDir();
    const staticDir = staticDirIn(dir);
    project = Project.open(path.join(dir, 's.kolmap'));
    server = await startServer({ project: () => project, staticDir, maxBodyBytes: 1024 });
    host = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    project.close();
  });

  it('prints a 127.0.0.1 URL carrying the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
  });

  it('answers an API call with the token and no CORS headers', async () => {
    const r = await request(server.port, {
      path: '/api/getProject',
      headers: { host, 'x-kolmap-token': server.token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).totals.publications).toBe(0);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses calls without the token or with a wrong one', async () => {
    expect(
      (await request(server.port, { path: '/api/getProject', headers: { host }, body: '{}' })).status,
    ).toBe(403);
    const wrong = await request(server.port, {
      path: '/api/getProject',
      headers: { host, 'x-kolmap-token': 'f'.repeat(48) },
      body: '{}',
    });
    expect(wrong.status).toBe(403);
    // A cookie alone is not enough for API calls (it would let a foreign page forge them).
    const cookie = await request(server.port, {
      path: '/api/getProject',
      headers: { host, cookie: `kolmap_token=${server.token}` },
      body: '{}',
    });
    expect(cookie.status).toBe(403);
  });

  it('refuses a wrong Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    const rebinding = await request(server.port, {
      path: '/api/getProject',
      headers: { host: `evil.example:${server.port}`, 'x-kolmap-token': server.token },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const foreign = await request(server.port, {
      path: '/api/getProject',
      headers: { host, origin: 'http://evil.example', 'x-kolmap-token': server.token },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const own = await request(server.port, {
      path: '/api/getProject',
      headers: { host, origin: `http://${host}`, 'x-kolmap-token': server.token },
      body: '{}',
    });
    expect(own.status).toBe(200);
  });

  it('serves the page only with the token, then by cookie', async () => {
    expect((await request(server.port, { method: 'GET', path: '/', headers: { host } })).status).toBe(403);
    const page = await request(server.port, {
      method: 'GET',
      path: `/?token=${server.token}`,
      headers: { host },
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await request(server.port, {
      method: 'GET',
      path: '/index.html',
      headers: { host, cookie: `kolmap_token=${server.token}` },
    });
    expect(again.status).toBe(200);
    const escape = await request(server.port, {
      method: 'GET',
      path: `/..%2f..%2fetc%2fpasswd?token=${server.token}`,
      headers: { host },
    });
    expect(escape.status).toBe(404);
  });

  it('rejects bodies over the limit, unknown methods and invalid arguments', async () => {
    const big = await request(server.port, {
      path: '/api/importFile',
      headers: { host, 'x-kolmap-token': server.token },
      body: JSON.stringify({ name: 'x.csv', content: 'x'.repeat(4096) }),
    });
    expect(big.status).toBe(413);
    const unknown = await request(server.port, {
      path: '/api/dropDatabase',
      headers: { host, 'x-kolmap-token': server.token },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    const invalid = await request(server.port, {
      path: '/api/getPerson',
      headers: { host, 'x-kolmap-token': server.token },
      body: JSON.stringify({ id: 'one' }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.message).toContain('id');
    const notJson = await request(server.port, {
      path: '/api/getProject',
      headers: { host, 'x-kolmap-token': server.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });

  it('streams events only with the token', async () => {
    const denied = await request(server.port, { method: 'GET', path: '/api/events', headers: { host } });
    expect(denied.status).toBe(403);
  });
});
