/** A person's role on a procedure (docs/design.md §11). */
export type Role = 'owner' | 'viewer';

/** An organisation's administrator manages its procedures, people and keys (docs/design.md §11). */
export type OrganisationRole = 'admin' | 'member';
