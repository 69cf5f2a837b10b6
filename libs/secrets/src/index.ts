export * from './domain/ports';
export * from './domain/secret';
export * from './domain/secret-errors';
export * from './domain/ttl';
export * from './interactors/commands/purge-expired-secrets/purge-expired-secrets.interactor';
export * from './repositories/secrets-entities';
export * from './secrets.config';
export * from './secrets.module';
