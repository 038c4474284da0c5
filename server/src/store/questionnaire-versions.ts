import { type AskableQuestion, askableQuestions } from '../../../common/questionnaire.ts';
import { type AuditEntry, insertAudit } from './audit.ts';
import { json, time } from './codec.ts';
import type { ProcedureCache } from './procedure-cache.ts';
import { changeProcedure, type ProcedureChanges, questionsOf } from './procedures.ts';
import { row, rows, run, type SqlDatabase, type Work } from './sql.ts';

/** A sentence of the questionnaire in each language it is written in; French always. */
export type Sentence = { fr: string; en?: string | undefined; es?: string | undefined };

/** A sentence in `lang`, French when the owner wrote none in that language. */
export function sentenceIn(
  sentence: Sentence | undefined,
  lang: 'fr' | 'en' | 'es',
): string | undefined {
  return sentence && (sentence[lang] ?? sentence.fr);
}

/**
 * What an owner publishes (docs/design.md §2, «Versions»): the optional steps asked, and the
 * sentences above the first question and on the last screen (none: the questionnaire's own).
 */
export type QuestionnaireContent = {
  questions: AskableQuestion[];
  intro: Sentence | undefined;
  thanks: Sentence | undefined;
};

/** One published version: numbered from 1 per procedure, never changed once published. */
export type QuestionnaireVersion = QuestionnaireContent & {
  number: number;
  publishedAt: Date;
  /** The audit log's actor: an account's e-mail, `cli`, or `migration` for version 1 of before. */
  publishedBy: string;
};

/** `unchanged`: the content is the published version's own, and no version was written. */
export type PublishOutcome = QuestionnaireVersion | 'unchanged';

export type PublishOptions = {
  /**
   * The published version's sentences, read in the same transaction, replace the content's (a
   * change of the steps alone, which a publication meanwhile must not undo).
   */
  keepSentences?: boolean;
  /**
   * The procedure's other changes, made in the same transaction (an outcome `unchanged` too),
   * so that a request that asks for both gets both or neither; their audit entry is made when
   * they are written, after the version's.
   */
  procedureChanges?: { changes: ProcedureChanges; audit: () => AuditEntry };
};

/** The part of the store about the questionnaire's versions. */
export interface QuestionnaireStore {
  /** Every version, newest first; `undefined` when there is no such procedure. */
  listQuestionnaireVersions(procedureKey: string): Promise<QuestionnaireVersion[] | undefined>;
  /** The version new answers are given under; `undefined` when there is no such procedure. */
  publishedQuestionnaire(procedureKey: string): Promise<QuestionnaireVersion | undefined>;
  /**
   * Publishes `content` as the next version, and makes its steps the procedure's `questions`,
   * with its audit entry, in one transaction; `undefined` when there is no such procedure.
   */
  publishQuestionnaire(
    procedureKey: string,
    content: QuestionnaireContent,
    audit: (version: QuestionnaireVersion) => AuditEntry,
    options?: PublishOptions,
  ): Promise<PublishOutcome | undefined>;
}

type VersionRow = {
  number: number;
  questions: string;
  intro: string | Sentence | null;
  thanks: string | Sentence | null;
  published_at: number | Date;
  published_by: string;
};

const versionsOf = `SELECT v.number, v.questions, v.intro, v.thanks, v.published_at, v.published_by
  FROM questionnaire_versions v JOIN procedures p ON p.id = v.procedure_id WHERE p.key = $1`;

export function questionnaireStore(db: SqlDatabase, cache: ProcedureCache): QuestionnaireStore {
  return {
    listQuestionnaireVersions: (procedureKey) =>
      db.read(function* () {
        const found = yield* rows<VersionRow>(`${versionsOf} ORDER BY v.number DESC`, [
          procedureKey,
        ]);
        if (found.length > 0) return found.map(toVersion);
        // Every procedure has a version 1: none means no procedure.
        return undefined;
      }),

    publishedQuestionnaire: (procedureKey) =>
      db.read(function* () {
        const found = yield* row<VersionRow>(`${versionsOf} ORDER BY v.number DESC LIMIT 1`, [
          procedureKey,
        ]);
        return found && toVersion(found);
      }),

    publishQuestionnaire: async (
      procedureKey,
      asGiven,
      entryFor,
      { keepSentences, procedureChanges } = {},
    ) => {
      // The steps in the questionnaire's order, whatever order they were given in.
      let content = {
        ...asGiven,
        questions: askableQuestions.filter((q) => asGiven.questions.includes(q)),
      };
      const publishVersion = function* (): Work<PublishOutcome | undefined> {
        // Updating the procedure first locks its row (PostgreSQL): two owners publishing at once
        // get versions N+1 and N+2, never the same number.
        const procedure = yield* row<{ id: number }>(
          'UPDATE procedures SET questions = $2 WHERE key = $1 RETURNING id',
          [procedureKey, content.questions.join(',')],
        );
        if (!procedure) return undefined;
        const latest = yield* row<VersionRow>(
          `SELECT number, questions, intro, thanks, published_at, published_by
           FROM questionnaire_versions WHERE procedure_id = $1 ORDER BY number DESC LIMIT 1`,
          [procedure.id],
        );
        const current = latest && toVersion(latest);
        if (keepSentences) content = { ...content, intro: current?.intro, thanks: current?.thanks };
        if (current && sameContent(current, content)) return 'unchanged' as const;
        const version: QuestionnaireVersion = {
          ...content,
          number: (current?.number ?? 0) + 1,
          publishedAt: new Date(),
          publishedBy: '',
        };
        const entry = entryFor(version);
        version.publishedAt = entry.at;
        version.publishedBy = entry.actor;
        yield* run(
          `INSERT INTO questionnaire_versions
             (procedure_id, number, questions, intro, thanks, published_at, published_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            procedure.id,
            version.number,
            content.questions.join(','),
            content.intro ? JSON.stringify(content.intro) : null,
            content.thanks ? JSON.stringify(content.thanks) : null,
            version.publishedAt,
            version.publishedBy,
          ],
        );
        yield* insertAudit(entry);
        return version;
      };
      const outcome = await db.transaction(function* () {
        const published = yield* publishVersion();
        if (published && procedureChanges) {
          yield* changeProcedure(procedureKey, procedureChanges.changes, procedureChanges.audit());
        }
        return published;
      });
      // Dropped once committed (procedures.ts says why): the next answer is given under it.
      cache.forget(procedureKey);
      return outcome;
    },
  };
}

function toVersion(row: VersionRow): QuestionnaireVersion {
  return {
    number: row.number,
    questions: questionsOf(row.questions),
    intro: row.intro === null ? undefined : json<Sentence>(row.intro),
    thanks: row.thanks === null ? undefined : json<Sentence>(row.thanks),
    publishedAt: time(row.published_at),
    publishedBy: row.published_by,
  };
}

/** The same steps (both in the questionnaire's order) and the same sentences in every language. */
function sameContent(a: QuestionnaireContent, b: QuestionnaireContent): boolean {
  // In the questionnaire's order: a version 1 made from a procedure's `questions` kept the order
  // they were given in.
  const steps = (q: AskableQuestion[]) => askableQuestions.filter((s) => q.includes(s)).join();
  const words = (s: Sentence | undefined) => JSON.stringify([s?.fr, s?.en, s?.es]);
  return (
    steps(a.questions) === steps(b.questions) &&
    words(a.intro) === words(b.intro) &&
    words(a.thanks) === words(b.thanks)
  );
}
