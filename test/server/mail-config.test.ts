import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/config.ts';

describe('mail configuration', () => {
  it('reads SMTP_URL, MAIL_FROM and MAIL_SECRET', () => {
    const config = parseConfig({
      SMTP_URL: 'smtps://user:pass@smtp.example.gouv.fr:465',
      MAIL_FROM: '"Je donne mon avis" <avis@example.gouv.fr>',
      MAIL_SECRET: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      smtpUrl: 'smtps://user:pass@smtp.example.gouv.fr:465',
      mailFrom: '"Je donne mon avis" <avis@example.gouv.fr>',
      mailSecret: 'x'.repeat(32),
    });
    expect(parseConfig({})).toMatchObject({ smtpUrl: undefined, mailSecret: undefined });
  });

  it('names each bad mail variable', () => {
    expect(() =>
      parseConfig({
        SMTP_URL: 'http://smtp.example.gouv.fr',
        MAIL_FROM: 'avis',
        MAIL_SECRET: 'short',
      }),
    ).toThrow(
      /SMTP_URL="http:\/\/smtp\.example\.gouv\.fr": must be an smtp:\/\/ or smtps:\/\/ URL[\s\S]*MAIL_FROM="avis"[\s\S]*MAIL_SECRET="short": must be at least 32 characters/,
    );
  });
});
