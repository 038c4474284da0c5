import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * The production kit in deploy/, each file checked by what runs on a test machine: systemd's own
 * verifier, Debian's nginx, and the service's configuration parser for the settings the
 * container files and the example environment give. The runtime itself is built and started by
 * readme-commands.test.ts, as the README says to.
 */

/** A program the checks need; missing, skipped loudly, or a failure under REQUIRE_{NAME}=1 (CI). */
function available(program: string, requirement: string, install: string): boolean {
  if (spawnSync('sh', ['-c', `command -v ${program}`]).status === 0) return true;
  const message = `No ${program} found (apt-get install ${install}): its deploy checks SKIPPED.`;
  if (process.env[requirement] === '1') throw new Error(message);
  console.warn(`\n${'!'.repeat(80)}\n${message}\n${'!'.repeat(80)}\n`);
  return false;
}

const read = (file: string) => readFileSync(join('deploy', file), 'utf8');

/** KEY=value lines (systemd's EnvironmentFile and Environment=, Dockerfile's ENV), comments aside. */
function assignments(text: string): Record<string, string> {
  return Object.fromEntries(
    [
      ...withoutComments(text).matchAll(
        /(?:^|\s)([A-Z_]+)=("[^"]*"|\S[^\n]*?)(?=\s+[A-Z_]+=|\s*$)/gm,
      ),
    ].map(([, key, value]) => [key, (value as string).replace(/^"(.*)"$/, '$1')]),
  );
}

const withoutComments = (text: string) => text.replace(/^\s*#.*$/gm, '');

const units = ['avis.service', 'avis-backup.service', 'avis-backup.timer'];

describe('deploy/', () => {
  it.skipIf(!available('systemd-analyze', 'REQUIRE_SYSTEMD', 'systemd'))(
    'has systemd units that systemd-analyze verifies without a word, with the usual hardening',
    () => {
      const dir = temporaryDirectory();
      for (const unit of units) writeFileSync(join(dir, unit), read(unit));
      const result = spawnSync(
        'systemd-analyze',
        ['verify', '--man=no', ...units.map((unit) => join(dir, unit))],
        { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' } },
      );
      // Unknown keys and bad values are warnings, not a failed status: nothing may be said.
      expect(result.stderr + result.stdout).toBe('');
      expect(result.status).toBe(0);

      const service = read('avis.service');
      for (const line of [
        'User=avis',
        'ProtectSystem=strict',
        'StateDirectory=avis',
        'Restart=on-failure',
        'NoNewPrivileges=true',
        'CapabilityBoundingSet=',
        'ExecStart=/usr/bin/node /srv/avis/dist/server.js',
      ])
        expect(service).toContain(`\n${line}\n`);
    },
  );

  it('has settings (unit and example environment) the service starts with in production', () => {
    const service = read('avis.service');
    const environment = assignments(/^Environment=(.*)$/m.exec(service)?.[1] ?? '');
    expect(environment).toMatchObject({ NODE_ENV: 'production', HOST: '127.0.0.1' });
    const example = assignments(read('avis.env.example'));
    expect(Object.keys(example)).toEqual(
      expect.arrayContaining(['PUBLIC_URL', 'TRUST_PROXY', 'MAIL_SECRET', 'SMTP_URL']),
    );
    const config = parseConfig({ ...environment, ...example });
    expect(config.publicUrl).toBe('https://avis.example.gouv.fr');
  });

  it.skipIf(!available('nginx', 'REQUIRE_NGINX', 'nginx'))(
    'has an nginx site that nginx -t accepts',
    () => {
      const dir = temporaryDirectory();
      mkdirSync(join(dir, 'ssl'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=avis.example.gouv.fr',
          '-keyout',
          join(dir, 'ssl', 'privkey.pem'),
          '-out',
          join(dir, 'ssl', 'fullchain.pem'),
        ],
        { stdio: 'ignore' },
      );
      // The site as written, but for where this test keeps the certificate and the cache.
      const site = read('nginx/avis.conf')
        .replaceAll('/etc/ssl/avis/', `${dir}/ssl/`)
        .replaceAll('/var/cache/nginx/avis', `${dir}/cache`);
      writeFileSync(join(dir, 'site.conf'), site);
      const temporary = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${dir}/tmp;`)
        .join(' ');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {}
         http { access_log off; ${temporary} include ${dir}/site.conf; }`,
      );
      const result = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir], {
        encoding: 'utf8',
      });
      expect(result.stderr).toContain('test is successful');
      expect(result.stderr).not.toMatch(/\[(warn|emerg)\]/);
      expect(result.status).toBe(0);
      // The service's CORS headers (widget, results link) pass as they are.
      expect(withoutComments(site)).not.toMatch(/Access-Control|proxy_hide_header/i);
      expect(site).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    },
  );

  it('keeps the container files in step with the tested runtime and configuration', () => {
    const dockerfile = read('Dockerfile');
    // The image's runtime is the one readme-commands.test.ts builds and starts.
    expect(dockerfile).toContain('RUN deploy/build-runtime.sh /app');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME \/data$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n[^\n]*http:\/\/127\.0\.0\.1:3000\/readyz/m);
    expect(dockerfile).toContain('CMD ["node", "dist/server.js"]');
    const image = assignments(/^ENV (.*)$/m.exec(dockerfile)?.[1] ?? '');
    expect(image).toMatchObject({
      HOST: '0.0.0.0',
      PORT: '3000',
      DATABASE_PATH: '/data/avis.sqlite',
    });

    // compose.yaml's environment for the service, its ${…} as an operator would fill them.
    const compose = read('compose.yaml');
    const block = /\n {4}environment:\n((?: {6}\S.*\n)+)/.exec(compose)?.[1] ?? '';
    const composeEnvironment = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => /^\s*([A-Z_]+): (.*)$/.exec(line)?.slice(1) as [string, string])
        .map(([key, value]) => [
          key,
          value
            .replace(/^'(.*)'$/, '$1')
            .replace(/\$\{MAIL_SECRET[^}]*\}/, 'a'.repeat(64))
            .replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'secret'),
        ]),
    );
    const config = parseConfig({ ...image, NODE_ENV: 'production', ...composeEnvironment });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://avis:secret@postgres:5432/avis',
      smtpUrl: 'smtp://maildev:1025',
    });
    expect(compose).toMatch(/image: postgres:15-bookworm/);
    // The image's pg_dump (Debian 12's postgresql-client, 15) must not be older than the server.
    expect(dockerfile).toMatch(/FROM node:24-bookworm-slim\n/);
  });
});
