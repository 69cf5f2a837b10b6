import { Global, Module } from '@nestjs/common';
import { AccessDirectoryAdapter, AccessModule, Grants, ResourceGateAdapter } from '@keyward/access';
import { AuditModule, TypeormAuditLog } from '@keyward/audit';
import { IdentityModule, RolePermissionResolver, UserAccountDirectory } from '@keyward/identity';
import { MetricsModule, PrometheusDomainMeter } from '@keyward/core';
import {
  AccessDirectory,
  AccountDirectory,
  AuditLog,
  DomainMeter,
  GrantGuard,
  PermissionResolver,
  ResourceGate,
} from '@keyward/kernel';

/**
 * The one place where contexts meet: each port of libs/kernel/src/ports, bound to the class of the context that
 * offers it. No context imports another; they inject these ports.
 *
 *   port                 offered by   class                    used by
 *   PermissionResolver   identity     RolePermissionResolver   core's PermissionGuard, access
 *   AccountDirectory     identity     UserAccountDirectory     access
 *   AccessDirectory      access       AccessDirectoryAdapter   identity, CLI user:add
 *   GrantGuard           access       Grants                   identity
 *   ResourceGate         access       ResourceGateAdapter      signing
 *   AuditLog             audit        TypeormAuditLog          identity, access, secrets, signing
 *   DomainMeter          core         PrometheusDomainMeter    identity, secrets, signing (metrics)
 *
 * Global because identity and access need each other (identity asks access what roles and teams carry, access
 * asks identity about accounts): a genuine two-way dependency that imports between their modules could only
 * express as a cycle. Nest resolves the aliases lazily, when the first provider that needs one is created.
 */
@Global()
@Module({
  imports: [IdentityModule, AccessModule, AuditModule, MetricsModule],
  providers: [
    { provide: PermissionResolver, useExisting: RolePermissionResolver },
    { provide: AccountDirectory, useExisting: UserAccountDirectory },
    { provide: AccessDirectory, useExisting: AccessDirectoryAdapter },
    { provide: GrantGuard, useExisting: Grants },
    { provide: ResourceGate, useExisting: ResourceGateAdapter },
    { provide: AuditLog, useExisting: TypeormAuditLog },
    { provide: DomainMeter, useExisting: PrometheusDomainMeter },
  ],
  exports: [PermissionResolver, AccountDirectory, AccessDirectory, GrantGuard, ResourceGate, AuditLog, DomainMeter],
})
export class ContextPortsModule {}
