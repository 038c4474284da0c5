import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/src/config.ts';

describe('configuration', () => {
  it('has working defaults for a first start', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/avis.sqlite',
      publicUrl: undefined,
      trustProxy: undefined,
      retentionMonths: 24,
      minAnswers: 100,
      reportTimeZone: 'Europe/Paris',
      rateLimitPerHour: 20,
      logLevel: 'info',
      passwordLogin: true,
      mailFrom: '"Je donne mon avis" <avis@localhost>',
    });
  });

  it('reads ProConnect’s client, and refuses half of one', () => {
    expect(
      parseConfig({
        OIDC_ISSUER: 'https://proconnect.example.gouv.fr/api/v2',
        OIDC_CLIENT_ID: 'avis',
        OIDC_CLIENT_SECRET: 'secret',
        PASSWORD_LOGIN: 'false',
      }),
    ).toMatchObject({
      oidc: {
        issuer: 'https://proconnect.example.gouv.fr/api/v2',
        clientId: 'avis',
        clientSecret: 'secret',
        scopes: 'openid email given_name usual_name',
      },
      passwordLogin: false,
    });
    expect(() => parseConfig({ OIDC_ISSUER: 'https://proconnect.example.gouv.fr' })).toThrow(
      /OIDC_ISSUER=.*needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
    );
    expect(() => parseConfig({ PASSWORD_LOGIN: 'false' })).toThrow(
      /PASSWORD_LOGIN=.*needs ProConnect/,
    );
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_PATH: '/var/lib/avis/avis.sqlite',
      PUBLIC_URL: 'https://avis.example.gouv.fr/',
      TRUST_PROXY: '10.0.0.1, 10.0.0.2',
      RETENTION_MONTHS: '12',
      MIN_ANSWERS: '30',
      TZ_REPORT: 'America/Cayenne',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://avis.example.gouv.fr',
      trustProxy: ['10.0.0.1', '10.0.0.2'],
      retentionMonths: 12,
      minAnswers: 30,
      reportTimeZone: 'America/Cayenne',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', TZ_REPORT: '' })).toMatchObject({
      port: 3000,
      reportTimeZone: 'Europe/Paris',
    });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['MIN_ANSWERS', '0'],
    ['RETENTION_MONTHS', 'two'],
    ['TZ_REPORT', 'Paris'],
    ['PUBLIC_URL', 'avis.example.gouv.fr'],
    ['LOG_LEVEL', 'verbose'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(`${name}="${value}"`);
  });
});
