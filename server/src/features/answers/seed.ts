import { reportDay } from '../../../../common/calendar-days.ts';
import type { SatisfactionLevel } from '../../../../common/questionnaire.ts';
import { uuidv7 } from '../../../../common/uuid.ts';
import type { ProgressReport } from '../../progress-report.ts';
import type { IncomingSubmission, Store } from '../../store/store.ts';
import {
  type AdministrationChannel,
  type Answer,
  administrationChannels,
  type HelpChannel,
} from './answer-schema.ts';

export type SeededProcedure = {
  procedureKey: string;
  /** Average answers on a weekday; weekends get fewer, as procedures do. */
  perDay: number;
  /** 0 to 1: how well the procedure goes for people. */
  quality: number;
};

export type SeedOptions = {
  procedures: SeededProcedure[];
  /** Days of history, ending at `end`. */
  days: number;
  end: Date;
  timeZone: string;
  /** Seed of the pseudo-random sequence, so that a demo is the same every time. */
  seed?: number;
  /** Told after each day; a year of a busy procedure takes seconds. */
  onProgress?: (progress: ProgressReport) => void;
};

/**
 * Comments that agree with the rating they come with: a complaint rated «Très bien» made the demo
 * look broken (issue 29).
 */
export const seedComments: Record<SatisfactionLevel, readonly string[]> = {
  good: [
    'Démarche rapide, rien à redire.',
    'Très clair, merci.',
    'Bien plus simple qu’au guichet.',
    'J’ai reçu la confirmation tout de suite.',
  ],
  medium: [
    'Trop de pages, on ne sait pas combien il en reste.',
    'Le délai de traitement n’est indiqué nulle part.',
    'Je n’ai pas trouvé où joindre le justificatif de domicile.',
    'Ça a marché, mais il a fallu s’y reprendre à deux fois.',
  ],
  bad: [
    'Le site a planté deux fois avant la validation.',
    'Impossible de joindre quelqu’un par téléphone.',
    'Ma fille a dû m’aider, les termes sont compliqués.',
    'Le paiement a échoué trois fois, j’abandonne.',
  ],
};

/** Channels as often ticked as people use them: the phone first, chat the least. */
const ticked: HelpChannel[] = [
  'phone',
  'phone',
  'phone',
  'counter',
  'counter',
  'email',
  'email',
  'chat',
  'relative',
  'relative',
  'websites',
  'association',
];

/**
 * How each administration channel fares (issue 15): the counter is reached almost always, the
 * phone line that never answers is the classic complaint, e-mail sits between; `help` moves the
 * rating of the help obtained up or down.
 */
const channelOdds: Record<AdministrationChannel, { reach: number; help: number }> = {
  counter: { reach: 0.92, help: 0.12 },
  phone: { reach: 0.5, help: -0.08 },
  email: { reach: 0.72, help: -0.12 },
  chat: { reach: 0.85, help: 0 },
};

/** Widgets asked once for all channels before this many days from the end (the earlier shape). */
const perChannelSinceDays = 180;
const day = 24 * 60 * 60 * 1000;

/**
 * Fills procedures with realistic answers: most people stop after the first question, better
 * procedures get better marks and fewer calls for help, weekends are quiet. Written in batches
 * of one transaction each, so a year of answers takes a moment, not minutes.
 */
export async function seedAnswers(store: Store, options: SeedOptions): Promise<number> {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let batch: IncomingSubmission[] = [];
  let count = 0;
  const start = options.end.getTime() - options.days * day;
  const perChannelSince = options.end.getTime() - perChannelSinceDays * day;
  for (let dayStart = start, daysDone = 0; dayStart < options.end.getTime(); dayStart += day) {
    const weekday = new Date(dayStart).getUTCDay();
    const arrivals: { time: number; procedure: SeededProcedure }[] = [];
    for (const procedure of options.procedures) {
      const volume =
        procedure.perDay * (weekday === 0 || weekday === 6 ? 0.4 : 1) * (0.6 + 0.8 * random());
      // Rounded at random, not to the nearest: a procedure of 0.3 answers a day gets one on about
      // three days in ten, not none ever (the long tail of a national seeding).
      for (let i = Math.floor(volume + random()); i > 0; i--) {
        arrivals.push({ time: dayStart + Math.floor(random() * day), procedure });
      }
    }
    // In time order across procedures, as answers arrive: ids (UUID v7) then land at the end of
    // the unique index, and consecutive answers share their quarter hour's report day.
    arrivals.sort((a, b) => a.time - b.time);
    for (const { time, procedure } of arrivals) {
      const receivedAt = new Date(time);
      batch.push({
        id: uuidv7(time, randomBytes(random)),
        procedureKey: procedure.procedureKey,
        answer: randomAnswer(random, pick, procedure.quality, time >= perChannelSince),
        receivedAt,
        day: reportDay(receivedAt, options.timeZone),
      });
      if (batch.length === 25_000) {
        count += batch.length;
        await store.saveSubmissions(batch);
        batch = [];
      }
    }
    options.onProgress?.({
      done: ++daysDone,
      total: options.days,
      unit: 'days',
      items: { count: count + batch.length, name: 'answers' },
    });
  }
  count += batch.length;
  await store.saveSubmissions(batch);
  return count;
}

function randomAnswer(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  quality: number,
  perChannel: boolean,
): Answer {
  // Spread so that even a procedure that goes well gets about one «Pas bien» in ten, as real
  // ones do: at quality 0.75, 11 % «Pas bien» and 61 % «Très bien»; at 0.3, 41 % and 31 %.
  const mood = random() * 0.9 + quality * 0.6 - 0.25;
  const rating = (shift: number) => Math.min(5, Math.max(1, Math.round(1 + (mood + shift) * 5)));
  const answer: Answer = {
    satisfaction: mood > 0.55 ? 'good' : mood > 0.3 ? 'medium' : 'bad',
    source: random() < 0.8 ? 'confirmation' : 'espace-perso',
  };
  if (random() < 0.55) return answer; // most people answer the first question only
  answer.clarity = rating(0);
  if (random() < quality) {
    answer.help = ['none'];
  } else {
    answer.help = [...new Set([pick(ticked), ...(random() < 0.3 ? [pick(ticked)] : [])])];
    const asked = (administrationChannels as readonly AdministrationChannel[]).filter((c) =>
      answer.help?.includes(c),
    );
    // A better procedure gets people through to the administration more often, too.
    const reaches = (c: AdministrationChannel) =>
      random() < channelOdds[c].reach * (0.75 + 0.35 * quality);
    if (perChannel && asked.length > 0) {
      const reached: Partial<Record<AdministrationChannel, boolean>> = {};
      const helpQuality: Partial<Record<AdministrationChannel, number>> = {};
      for (const c of asked) {
        reached[c] = reaches(c);
        if (reached[c] && random() < 0.9) helpQuality[c] = rating(channelOdds[c].help);
      }
      answer.reached = reached;
      if (Object.keys(helpQuality).length > 0) answer.helpQuality = helpQuality;
    } else if (asked.length > 0) {
      // The earlier shape: one answer for all the channels tried.
      const first = asked[0] as AdministrationChannel;
      answer.reached = reaches(first);
      if (answer.reached) answer.helpQuality = rating(channelOdds[first].help);
    }
  }
  if (random() < 0.35) answer.comment = pick(seedComments[answer.satisfaction]);
  return answer;
}

/** 16 bytes from the seeded sequence: reproducible ids, and far cheaper than 16 bytes of crypto. */
function randomBytes(random: () => number): Uint8Array {
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = random() * 4294967296;
  return new Uint8Array(words.buffer);
}

/** A small, fast, seedable pseudo-random generator (not for anything secret). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
