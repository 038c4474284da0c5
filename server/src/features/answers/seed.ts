import { uuidv7 } from '../../../../widget/src/uuid.ts';
import type { ProgressReport } from '../../cli/progress.ts';
import type { IncomingSubmission, Store } from '../../store/store.ts';
import { type Answer, administrationChannels, helpChannels } from './answer-schema.ts';
import { reportDay } from './report-day.ts';

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

const comments = [
  'Démarche rapide, rien à redire.',
  "Je n'ai pas trouvé où joindre le justificatif de domicile.",
  'Le site a planté deux fois avant la validation.',
  'Très clair, merci.',
  'Trop de pages, on ne sait pas combien il en reste.',
  "Impossible de joindre quelqu'un par téléphone.",
  'Le délai de traitement n’est indiqué nulle part.',
  'Ma fille a dû m’aider, les termes sont compliqués.',
];

const channels = helpChannels.filter((c) => c !== 'none' && c !== 'other');
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
  for (let dayStart = start, daysDone = 0; dayStart < options.end.getTime(); dayStart += day) {
    const weekday = new Date(dayStart).getUTCDay();
    const arrivals: { time: number; procedure: SeededProcedure }[] = [];
    for (const procedure of options.procedures) {
      const volume =
        procedure.perDay * (weekday === 0 || weekday === 6 ? 0.4 : 1) * (0.6 + 0.8 * random());
      for (let i = Math.round(volume); i > 0; i--) {
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
        answer: randomAnswer(random, pick, procedure.quality),
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
): Answer {
  const mood = random() * 0.6 + quality * 0.7 - 0.15;
  const answer: Answer = {
    satisfaction: mood > 0.55 ? 'good' : mood > 0.3 ? 'medium' : 'bad',
    source: random() < 0.8 ? 'confirmation' : 'espace-perso',
  };
  if (random() < 0.55) return answer; // most people answer the first question only
  answer.clarity = Math.min(5, Math.max(1, Math.round(1 + mood * 5)));
  if (random() < quality) {
    answer.help = ['none'];
  } else {
    answer.help = [...new Set([pick(channels), ...(random() < 0.3 ? [pick(channels)] : [])])];
    if (answer.help.some((c) => administrationChannels.includes(c))) {
      answer.reached = random() < 0.5 + quality * 0.4;
      if (answer.reached) answer.helpQuality = Math.min(5, Math.max(1, Math.round(1 + mood * 5)));
    }
  }
  if (random() < 0.35) answer.comment = pick(comments);
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
