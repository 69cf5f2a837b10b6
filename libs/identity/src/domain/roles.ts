/** The role every self-registered account receives. The access-control context owns what roles mean. */
export const DEFAULT_ROLE = 'user';
