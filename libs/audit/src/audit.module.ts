import { Module } from '@nestjs/common';
import { ClockModule } from '@keyward/core';
import { AuditChainReader } from './domain/audit-chain-reader';
import { AuditEventReader } from './domain/audit-event';
import { AuditController } from './http/audit.controller';
import { ListAuditEventsInteractor } from './interactors/queries/list-audit-events/list-audit-events.interactor';
import { VerifyAuditChainInteractor } from './interactors/queries/verify-audit-chain/verify-audit-chain.interactor';
import { TypeormAuditLog } from './repositories/typeorm-audit-log';

/**
 * Audit events, read by admins and verified by the CLI (audit:verify). Offers every context the AuditLog port
 * (TypeormAuditLog), bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule],
  controllers: [AuditController],
  providers: [
    TypeormAuditLog,
    { provide: AuditEventReader, useExisting: TypeormAuditLog },
    { provide: AuditChainReader, useExisting: TypeormAuditLog },
    ListAuditEventsInteractor,
    VerifyAuditChainInteractor,
  ],
  exports: [TypeormAuditLog, ListAuditEventsInteractor, VerifyAuditChainInteractor],
})
export class AuditModule {}
