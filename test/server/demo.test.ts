import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServerProcess } from '../fixtures/server-process.ts';

describe('npm run demo', () => {
  it('prints a dashboard address and an account that sees the demo’s three procedures', async () => {
    const demo = await startServerProcess({}, [], 'dist/demo.js');
    onTestFinished(async () => {
      if (demo.child.exitCode !== null) return;
      demo.child.kill('SIGTERM');
      await once(demo.child, 'exit');
    });
    // The banner is printed once the server listens; a demo that dies says why.
    const deadline = Date.now() + 15_000;
    while (!/password (\S+)/.test(demo.output())) {
      if (demo.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no demo account printed:\n${demo.output()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const banner = demo.output();
    const [, dashboard, email, password] =
      /(http:\/\/\S+\/dashboard\/)\s+the dashboard: e-mail (\S+), password (\S+)/.exec(banner) ??
      [];
    expect(dashboard).toBe(`${demo.url}/dashboard/`);

    const page = await fetch(dashboard as string);
    expect(page.status).toBe(200);
    const login = await fetch(`${demo.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] as string;
    const procedures = await (
      await fetch(`${demo.url}/api/v1/procedures`, { headers: { cookie } })
    ).json();
    expect(procedures.map((p: { name: string }) => p.name).sort()).toEqual([
      'Certificat d’immatriculation',
      'Demande de passeport',
      'Déclaration de revenus',
    ]);
    expect(
      procedures.every(
        (p: { lastTwelveMonths: { answers: number } }) => p.lastTwelveMonths.answers > 0,
      ),
    ).toBe(true);
  });

  it('says which port is taken, and how to choose another, instead of exiting without a word', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as { port: number };
    const started = startServerProcess({ PORT: String(port) }, [], 'dist/demo.js');
    await expect(started).rejects.toThrow(`server exited with 1`);
    await expect(started).rejects.toThrow(
      `Port ${port} is taken on 127.0.0.1: another program listens there (another demo or server?). Stop it, or choose another port: PORT=${port + 1} npm run demo`,
    );
  });
});
