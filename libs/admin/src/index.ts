export * from './admin.module';
export * from './admin-panel';
export * from './admin-root';
