import { describe, expect, it } from 'vitest';
import { allowedOrigin } from '../../server/src/features/procedures/procedure-schema.ts';
import { originAllowed } from '../../server/src/http/origin-allowed.ts';

const allowed = [
  'https://passeport.example.gouv.fr',
  'https://*.impots.gouv.fr',
  'http://localhost:8080',
];

describe('origin allow-list', () => {
  it.each([
    ['https://passeport.example.gouv.fr', true],
    ['https://PASSEPORT.example.gouv.fr', true],
    ['https://passeport.example.gouv.fr:443', true],
    ['https://www.impots.gouv.fr', true],
    ['https://a.b.impots.gouv.fr', true],
    ['http://localhost:8080', true],
    ['https://impots.gouv.fr', false],
    ['https://evilimpots.gouv.fr', false],
    ['https://www.impots.gouv.fr.evil.com', false],
    ['http://www.impots.gouv.fr', false],
    ['https://www.impots.gouv.fr:8443', false],
    ['http://passeport.example.gouv.fr', false],
    ['https://passeport.example.gouv.fr.evil.com', false],
    ['http://localhost:3000', false],
    ['null', false],
    ['', false],
  ])('%s → %s', (origin, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });

  it.each([
    ['https://www.Example.gouv.fr/', 'https://www.example.gouv.fr'],
    ['https://*.example.gouv.fr', 'https://*.example.gouv.fr'],
    ['http://localhost:8080', 'http://localhost:8080'],
  ])('normalises the configured origin %s', (input, stored) => {
    expect(allowedOrigin.parse(input)).toBe(stored);
  });

  it.each([
    'example.gouv.fr',
    'https://www.example.gouv.fr/page',
    'ftp://example.gouv.fr',
    'https://*.fr',
    'https://*',
  ])('refuses %s as an allowed origin', (input) => {
    expect(allowedOrigin.safeParse(input).success).toBe(false);
  });
});
