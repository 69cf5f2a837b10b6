/** Answers which permissions a user holds now. Provided by the context that owns roles. The class is the DI token. */
export abstract class PermissionResolver {
  abstract permissionsOf(userId: string): Promise<ReadonlySet<string>>;
}
