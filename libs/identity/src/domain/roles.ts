/** The role every self-registered account receives. The access-control context owns what roles mean. */
export const DEFAULT_ROLE = 'user';

/** The role that may manage everything; identity keeps at least one active holder. */
export const ADMIN_ROLE = 'admin';
