export * from './config-slices';
export * from './fake-access-directory';
export * from './fake-clock';
export * from './fake-grant-guard';
export * from './in-memory-identity';
export * from './in-memory-session-store';
export * from './identity-kit';
export * from './in-memory-secrets';
