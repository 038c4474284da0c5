import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/src/config.ts';

describe('configuration', () => {
  it('has working defaults for a first start', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/avis.sqlite',
      publicUrl: undefined,
      publicOrigin: 'http://localhost:3000',
      inProduction: false,
      trustProxy: undefined,
      retentionMonths: 24,
      minAnswers: 100,
      reportTimeZone: 'Europe/Paris',
      rateLimitPerHour: 20,
      logLevel: 'info',
      passwordLogin: true,
      mailFrom: '"Je donne mon avis" <avis@localhost>',
      operator: { state: false, name: undefined },
    });
  });

  it('shows the State’s brand block only when told the State runs the service, and who in it', () => {
    expect(
      parseConfig({ OPERATOR_NAME: ' Ministère de l’Intérieur ', OPERATOR_KIND: 'state' }).operator,
    ).toEqual({ state: true, name: 'Ministère de l’Intérieur' });
    // A name alone may be a town hall's: the neutral header, with the name.
    expect(parseConfig({ OPERATOR_NAME: 'Ville de Lyon' }).operator).toEqual({
      state: false,
      name: 'Ville de Lyon',
    });
    expect(
      parseConfig({ OPERATOR_NAME: 'Ville de Lyon', OPERATOR_KIND: 'other' }).operator,
    ).toEqual({ state: false, name: 'Ville de Lyon' });
    expect(() => parseConfig({ OPERATOR_KIND: 'state' })).toThrow(
      /OPERATOR_KIND="state": state needs OPERATOR_NAME/,
    );
    expect(() => parseConfig({ OPERATOR_KIND: 'État' })).toThrow(/OPERATOR_KIND=/);
    expect(() => parseConfig({ OPERATOR_NAME: 'a'.repeat(121) })).toThrow(/OPERATOR_NAME=/);
    expect(() => parseConfig({ OPERATOR_NAME: 'Ministère\nde l’Intérieur' })).toThrow(
      /OPERATOR_NAME=.*plain text on one line/,
    );
    expect(() => parseConfig({ OPERATOR_NAME: '<b>Ministère</b>' })).toThrow(/OPERATOR_NAME=/);
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
    ['METRICS_TOKEN', 'too-short'],
    ['METRICS_PORT', '-1'],
    ['METRICS_PORT', '3000'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(`${name}="${value}"`);
  });

  it('in development, links point to localhost on PORT, whatever HOST loopback address', () => {
    for (const HOST of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(parseConfig({ HOST, PORT: '8080' }).publicOrigin).toBe('http://localhost:8080');
    }
    expect(
      parseConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://avis.example.gouv.fr/x' }),
    ).toMatchObject({
      publicUrl: 'https://avis.example.gouv.fr',
      publicOrigin: 'https://avis.example.gouv.fr',
      inProduction: true,
    });
  });

  it.each([
    [{ NODE_ENV: 'production' }],
    [{ HOST: '0.0.0.0' }],
    [{ HOST: '::' }],
    [{ HOST: '10.0.0.5' }],
    [{ NODE_ENV: 'production', PUBLIC_URL: '' }],
  ])('in production (%o) refuses to start without PUBLIC_URL, naming it', (env) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(/PUBLIC_URL \(unset\): is required in production/);
  });

  it('reports a missing PUBLIC_URL with the other mistakes, at once', () => {
    expect(() => parseConfig({ HOST: '0.0.0.0', MIN_ANSWERS: 'lots' })).toThrow(
      /MIN_ANSWERS="lots".*\n.*PUBLIC_URL \(unset\)/,
    );
  });

  it('reads the metrics settings', () => {
    const token = 'un-jeton-de-collecte-de-32-caracteres-au-moins';
    expect(parseConfig({ METRICS_TOKEN: token, METRICS_PORT: '9464' })).toMatchObject({
      metricsToken: token,
      metricsPort: 9464,
    });
  });
});
