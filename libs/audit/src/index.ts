export * from './audit.module';
export * from './domain/audit-event';
export * from './interactors/queries/list-audit-events/list-audit-events.interactor';
export * from './repositories/audit-entities';
export * from './repositories/typeorm-audit-log';
