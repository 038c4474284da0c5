import { scrubComment } from '../../server/src/privacy/scrub-comment.ts';
import { adversarialInputs } from '../../test/fixtures/adversarial-comments.ts';

/** Median time of `run`, in microseconds, over enough repetitions to be stable. */
function median(run: () => void, repetitions: number): number {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/**
 * Comment scrubbing on adversarial inputs of 500 and 5,000 characters: linear patterns take
 * about 10× longer on the 10× longer input; a catastrophic one would take 100× or more.
 */
export default function benchScrub(quick: boolean) {
  const short = adversarialInputs(500);
  const long = adversarialInputs(5000);
  return long.map(([name, input], i) => {
    const shortInput = short[i]?.[1] as string;
    const repetitions = quick ? 20 : 200;
    const shortTime = median(() => scrubComment(shortInput), repetitions);
    const longTime = median(() => scrubComment(input), repetitions);
    return {
      input: name,
      '500 chars (µs)': Math.round(shortTime),
      '5,000 chars (µs)': Math.round(longTime),
      'ratio (10 = linear)': Number((longTime / shortTime).toFixed(1)),
    };
  });
}
