import { z } from 'zod';
import {
  type AdministrationChannel,
  administrationChannels,
  commentMaxLength,
  helpChannels,
  helpOtherMaxLength,
  isAdministrationChannel,
  satisfactionLevels,
  scale,
} from '../../../../common/questionnaire.ts';
import type { FeedbackBody } from '../../../../common/wire.ts';
import { freeText } from '../../http/free-text.ts';

// The questionnaire's codes, limits and wire types are common/'s (free of zod, so the widget
// bundles them); the server's code keeps importing them from here, where the wire is described.
export {
  type AdministrationChannel,
  administrationChannels,
  commentMaxLength,
  type HelpChannel,
  helpChannels,
  helpOtherMaxLength,
  satisfactionLevels,
} from '../../../../common/questionnaire.ts';
export type { Answer, FeedbackBody } from '../../../../common/wire.ts';

const rating = z
  .int()
  .min(scale[0])
  .max(scale[scale.length - 1] as number);

/** An object keyed by administration channel, each key optional (docs/design.md §4: 3b and 3c). */
const perChannel = <T extends z.ZodType>(value: T) =>
  z.strictObject(
    Object.fromEntries(administrationChannels.map((c) => [c, value.optional()])) as Record<
      AdministrationChannel,
      z.ZodOptional<T>
    >,
  );

const earlierShape =
  'Earlier shape (one answer for all channels): counted under the channel unknown.';

/** Step 3b per ticked channel; a boolean is the earlier shape, kept for API v1 (channel `unknown`). */
export const reachedAnswer = z.union([
  perChannel(z.boolean()).meta({ description: 'A channel ticked in help → reached or not.' }),
  z.boolean().meta({ description: earlierShape }),
]);

/** Step 3c per reached channel; a number is the earlier shape, kept for API v1 (channel `unknown`). */
export const helpQualityAnswer = z.union([
  perChannel(rating).meta({ description: 'A channel reached → quality from 1 to 5.' }),
  rating.meta({ description: earlierShape }),
]);

/** The answer a widget sends (docs/design.md §4). Absent field = question not answered (yet). */
export const feedbackBody = z
  .strictObject({
    id: z.uuid().meta({ description: 'Submission id made by the widget (UUID v7 preferred).' }),
    satisfaction: z.enum(satisfactionLevels),
    clarity: rating.optional(),
    help: z.array(z.enum(helpChannels)).min(1).max(helpChannels.length).optional(),
    // Citizens' text: control characters removed, never refused (http/free-text.ts); the
    // scrubbing of personal data (privacy/scrub-comment.ts) runs on what is left.
    helpOther: freeText({ max: helpOtherMaxLength, min: 0, controls: 'remove' }).optional(),
    reached: reachedAnswer.optional(),
    helpQuality: helpQualityAnswer.optional(),
    comment: freeText({
      max: commentMaxLength,
      min: 0,
      lines: true,
      controls: 'remove',
    }).optional(),
    lang: z.enum(['fr', 'en', 'es']).optional(),
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be 1 to 40 characters among a-z, 0-9 and -')
      .optional(),
    elapsedMs: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    website: z.string().max(200).optional().meta({ description: 'Honeypot: must stay empty.' }),
  })
  .superRefine((answer, ctx) => {
    const help = answer.help ?? [];
    if (new Set(help).size !== help.length) {
      ctx.addIssue({ code: 'custom', path: ['help'], message: 'lists a channel twice' });
    }
    if (help.includes('none') && help.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['help'],
        message: '"none" cannot be combined with a channel',
      });
    }
    if (answer.helpOther !== undefined && !help.includes('other')) {
      ctx.addIssue({
        code: 'custom',
        path: ['helpOther'],
        message: 'only allowed when help includes "other"',
      });
    }
    const { reached, helpQuality } = answer;
    if (typeof reached === 'boolean' && !help.some(isAdministrationChannel)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reached'],
        message: 'only allowed when help includes counter, phone, email or chat',
      });
    }
    if (typeof reached === 'object') {
      for (const channel of administrationChannels) {
        if (reached[channel] !== undefined && !help.includes(channel)) {
          ctx.addIssue({
            code: 'custom',
            path: ['reached', channel],
            message: `only allowed when help includes "${channel}"`,
          });
        }
      }
    }
    if (typeof helpQuality === 'number' && reached !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['helpQuality'],
        message: 'only allowed when reached is true',
      });
    }
    if (typeof helpQuality === 'object') {
      for (const channel of administrationChannels) {
        if (helpQuality[channel] === undefined) continue;
        if (typeof reached !== 'object' || reached[channel] !== true) {
          ctx.addIssue({
            code: 'custom',
            path: ['helpQuality', channel],
            message: `only allowed when reached.${channel} is true`,
          });
        }
      }
    }
  });

// The schema and common/'s plain type describe one body: a difference either way fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.infer<typeof feedbackBody>, FeedbackBody>;

export const feedbackAccepted = z.object({
  id: z.uuid(),
  status: z.enum(['created', 'updated', 'accepted']),
});
