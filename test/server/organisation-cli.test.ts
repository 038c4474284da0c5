import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/run-cli.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { testConfig, widgetDir } from '../helpers.ts';

async function cli(args: string[], config: ReturnType<typeof testConfig>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    config,
    {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      password: async () => 'une phrase de passe solide',
    },
    widgetDir,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli -- organisation', () => {
  it('creates an organisation, its procedures and its administrator', async () => {
    const config = testConfig();
    const made = await cli(
      ['organisation', 'create', '--name', 'DGFiP', '--domain', 'DGFIP.finances.gouv.fr'],
      config,
    );
    expect(made.code).toBe(0);
    const organisation = JSON.parse(made.out);
    expect(organisation).toMatchObject({ name: 'DGFiP', domains: ['dgfip.finances.gouv.fr'] });

    const procedure = JSON.parse(
      (
        await cli(
          ['procedure', 'create', '--name', 'Impôts', '--organisation', String(organisation.id)],
          config,
        )
      ).out,
    );
    expect(procedure.organisationId).toBe(organisation.id);
    const inDefault = JSON.parse(
      (await cli(['procedure', 'create', '--name', 'Autre'], config)).out,
    );
    expect(inDefault.organisationId).toBe(1);

    expect(
      (
        await cli(
          ['user', 'create', '--email', 'chef@dgfip.finances.gouv.fr', '--role', 'admin'],
          config,
        )
      ).code,
    ).toBe(0);
    const member = await cli(
      [
        'organisation',
        'member',
        '--organisation',
        String(organisation.id),
        '--email',
        'chef@dgfip.finances.gouv.fr',
        '--role',
        'admin',
      ],
      config,
    );
    expect(member.code).toBe(0);

    const store = openSqliteStore({ path: config.databasePath });
    try {
      expect((await store.listMembers(organisation.id)).map((m) => [m.email, m.role])).toEqual([
        ['chef@dgfip.finances.gouv.fr', 'admin'],
      ]);
      expect(await store.listOrganisationAudit(organisation.id, 10)).toMatchObject([
        { actor: 'cli', action: 'organisation.member.set', details: { role: 'admin' } },
        { actor: 'cli', action: 'procedure.create', target: procedure.key },
        { actor: 'cli', action: 'organisation.create', details: { name: 'DGFiP' } },
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses an unknown organisation and a bad domain, creating nothing', async () => {
    const config = testConfig();
    const unknown = await cli(
      ['procedure', 'create', '--name', 'Impôts', '--organisation', '42'],
      config,
    );
    expect(unknown).toMatchObject({ code: 1, err: 'There is no organisation with the id 42.' });
    const bad = await cli(
      ['organisation', 'create', '--name', 'X', '--domain', 'pas un domaine'],
      config,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--domain');
    const listed = JSON.parse((await cli(['organisation', 'list'], config)).out);
    expect(listed.map((o: { name: string }) => o.name)).toEqual(['Organisation par défaut']);
    expect(JSON.parse((await cli(['procedure', 'list'], config)).out)).toEqual([]);
  });
});
