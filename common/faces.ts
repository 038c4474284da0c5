/** The mouth of each satisfaction face (a frown, a line, a smile), drawn in a 24×24 circle. Shared with the hosted page. */
export const mouths = { bad: 'M8 16q4-4 8 0', medium: 'M8 15h8', good: 'M8 14q4 4 8 0' };
