/*
 * Port offered by identity: RolePermissionResolver (libs/identity/src/adapters/role-permission-resolver.ts), which
 * asks access control (AccessDirectory) what the account's roles and teams carry.
 * Used by core's PermissionGuard (`@RequirePermission`) and access control's Callers
 * (libs/access/src/interactors/shared/caller.ts).
 * Bound in apps/api/src/context-ports.module.ts.
 */

/**
 * Answers which permissions a user holds now (none for a deactivated account). When the request being served is
 * authenticated as that user with a scoped API key, only those within the key's scope: every check of the caller's
 * permissions (route guards, visibility, authorize, signing) thus sees the key's effective permissions. The class
 * is the DI token.
 */
export abstract class PermissionResolver {
  abstract permissionsOf(userId: string): Promise<ReadonlySet<string>>;
}
