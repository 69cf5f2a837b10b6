// Framework-free building blocks that every layer may import; nothing here imports more than Node's standard library.
export * from './audit/audit-actions';
export * from './callers/actor';
export * from './callers/principal';
export * from './clock/clock';
export * from './clock/random';
export * from './crypto/digests';
export * from './errors/app-error';
export * from './paging/page';
export * from './ports/access-directory';
export * from './ports/account-directory';
export * from './ports/audit-log';
export * from './ports/domain-meter';
export * from './ports/grant-guard';
export * from './ports/permission-resolver';
export * from './ports/resource-gate';
