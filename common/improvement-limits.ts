/**
 * The lengths of an improvement's title and text (docs/design.md §10), for the schema and the
 * dashboard's form.
 */
export const improvementTitleMax = 120;
export const improvementTextMax = 2000;
