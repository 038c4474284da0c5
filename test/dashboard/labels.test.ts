import { describe, expect, it } from 'vitest';
import { apiKeyLabels } from '../../dashboard/src/api-key-labels.ts';
import { auditLabels } from '../../dashboard/src/audit-labels.ts';
import { dashboardLabels } from '../../dashboard/src/i18n.ts';
import { plural } from '../../dashboard/src/labels.ts';
import { organisationLabels } from '../../dashboard/src/organisation-labels.ts';
import { topicsLabels } from '../../dashboard/src/topics-labels.ts';

describe('the dashboard’s plurals', () => {
  it('French says 0 and 1 in the singular, English 1 only', () => {
    expect([0, 1, 2].map((n) => plural.fr(n, 'réponse', 'réponses'))).toEqual([
      'réponse',
      'réponse',
      'réponses',
    ]);
    expect([0, 1, 2].map((n) => plural.en(n, 'answer', 'answers'))).toEqual([
      'answers',
      'answer',
      'answers',
    ]);
  });

  it('the labels agree with their count in both languages', () => {
    expect(auditLabels.fr.shown(1, false)).toBe('1 entrée affichée.');
    expect(auditLabels.fr.shown(50, true)).toBe('50 entrées affichées, les plus récentes.');
    expect(auditLabels.en.shown(1, false)).toBe('1 entry shown.');
    expect(dashboardLabels.fr.onChannelAnswers(0)).toBe('sur 0 réponse');
    expect(dashboardLabels.en.onAnswers(1)).toBe('from 1 answer');
    expect(dashboardLabels.fr.redactions(2)).toBe('2 données personnelles retirées');
    expect(topicsLabels.fr.counted(1200)).toBe(
      'Tous les commentaires de la période sont comptés\u202f: 1\u202f200.',
    );
    expect(topicsLabels.en.counted(1200)).toBe('Every comment of the period is counted: 1,200.');
    expect(topicsLabels.fr.pending(2)).toBe(
      '2 modifications récentes ne sont pas encore comptées\u202f: rechargez dans un instant.',
    );
    expect(topicsLabels.fr.pending(1)).toBe(
      '1 modification récente n’est pas encore comptée\u202f: rechargez dans un instant.',
    );
  });
});

describe('a name in a sentence reads right, whatever it is', () => {
  it('no name is glued after «\u202fde\u202f», «\u202fà\u202f» or «\u202fdans\u202f»', () => {
    const o = organisationLabels.fr;
    expect(o.manageOrganisation('Organisation par défaut')).toBe(
      'Personnes et journal — Organisation par défaut',
    );
    expect(o.peopleCaption('Ministère A')).toBe('Personnes de l’organisation Ministère A');
    expect(o.journalCaption('DINUM')).toBe('Dernières actions dans l’organisation DINUM');
    expect(o.requestsCaption('DINUM')).toBe('Demandes d’accès à l’organisation DINUM en attente');
    expect(apiKeyLabels.fr.caption('Organisation par défaut')).toBe(
      'Clés d’API de l’organisation Organisation par défaut',
    );
    for (const sentence of [
      o.manageOrganisation('X'),
      o.peopleCaption('X'),
      o.journalCaption('X'),
      o.requestsCaption('X'),
      apiKeyLabels.fr.caption('X'),
    ])
      expect(sentence).not.toMatch(/\b(de|du|à|dans) X\b/);
  });
});
