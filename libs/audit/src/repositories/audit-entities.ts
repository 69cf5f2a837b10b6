import { AuditChainHeadEntity, AuditEventEntity } from './audit-event.entity';

export const auditEntities = [AuditEventEntity, AuditChainHeadEntity];
