import { Module } from '@nestjs/common';
import { ClockModule } from '@keyward/core';
import { AuditEventReader } from './domain/audit-event';
import { AuditController } from './http/audit.controller';
import { ListAuditEventsInteractor } from './interactors/queries/list-audit-events/list-audit-events.interactor';
import { TypeormAuditLog } from './repositories/typeorm-audit-log';

/**
 * Audit events, read by admins. Offers every context the AuditLog port (TypeormAuditLog), bound in
 * apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule],
  controllers: [AuditController],
  providers: [TypeormAuditLog, { provide: AuditEventReader, useExisting: TypeormAuditLog }, ListAuditEventsInteractor],
  exports: [TypeormAuditLog, ListAuditEventsInteractor],
})
export class AuditModule {}
