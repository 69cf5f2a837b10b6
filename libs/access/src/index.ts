export * from './access.module';
export * from './domain/access-errors';
export * from './domain/built-in-roles';
export * from './domain/permissions';
export * from './interactors/commands/ensure-built-in-roles/ensure-built-in-roles.interactor';
export * from './interactors/queries/authorize/authorize.interactor';
export * from './repositories/access-entities';
