const link = /\b(?:https?:\/\/|www\.)\S+/gi;

/**
 * Spam-looking comments (only links, or one or two characters over and over) are kept but
 * flagged, so the dashboard can hide them; they still count in the indicators, since the rating
 * that came with them may well be a person's.
 */
export function isSuspectComment(comment: string): boolean {
  const withoutLinks = comment.replace(link, '');
  const letters = withoutLinks.replace(/\s/g, '');
  if (letters === '') return withoutLinks.length < comment.length; // links and nothing else
  const distinct = new Set(letters.toLowerCase()).size;
  return (letters.length >= 4 && distinct === 1) || (letters.length >= 10 && distinct <= 2);
}
