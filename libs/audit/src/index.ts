export * from './audit.module';
export * from './domain/audit-chain';
export * from './domain/audit-chain-reader';
export * from './domain/audit-event';
export * from './interactors/queries/list-audit-events/list-audit-events.interactor';
export * from './interactors/queries/verify-audit-chain/verify-audit-chain.interactor';
export * from './repositories/audit-entities';
export * from './repositories/typeorm-audit-log';
