/** An account. `email` is always stored normalised (see normalizeEmail). */
export interface User {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string;
  active: boolean;
  /** Set when the owner followed a verification link sent to `email`; a new email starts unverified. */
  emailVerified: boolean;
  roles: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Emails are compared case-insensitively and without surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The public view of a user; built from an explicit field list so hashes cannot leak. */
export function toUserView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    active: user.active,
    emailVerified: user.emailVerified,
    roles: [...user.roles].sort(),
    createdAt: user.createdAt.toISOString(),
  };
}

export type UserView = ReturnType<typeof toUserView>;
