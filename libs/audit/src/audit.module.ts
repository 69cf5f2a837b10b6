import { Global, Module } from '@nestjs/common';
import { AuditLog } from '@keyward/kernel';
import { AuditEventReader } from './domain/audit-event';
import { AuditController } from './http/audit.controller';
import { ListAuditEventsInteractor } from './interactors/queries/list-audit-events/list-audit-events.interactor';
import { TypeormAuditLog } from './repositories/typeorm-audit-log';

/** Global so that every context can record events without importing this module. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    TypeormAuditLog,
    { provide: AuditLog, useExisting: TypeormAuditLog },
    { provide: AuditEventReader, useExisting: TypeormAuditLog },
    ListAuditEventsInteractor,
  ],
  exports: [AuditLog, ListAuditEventsInteractor],
})
export class AuditModule {}
