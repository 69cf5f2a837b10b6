export * from './domain/key-reference';
export * from './domain/signing';
export * from './domain/signing-errors';
export * from './domain/signing-setup-error';
export * from './domain/uploads';
export * from './signing.config';
export * from './signing.module';
export * from './interactors/queries/list-signing-keys/list-signing-keys.interactor';
