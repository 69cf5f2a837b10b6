/**
 * What other contexts may ask of access control about registered resources. Provided by the (global)
 * AccessModule; the class is the DI token.
 */
export abstract class ResourceGate {
  /**
   * Registers a resource that belongs to the service itself (no creator), such as a signing key, or returns
   * the one already registered under that type and name. Idempotent and safe under concurrent starts.
   */
  abstract ensureSystemResource(input: {
    type: string;
    name: string;
    attributes?: Record<string, unknown>;
  }): Promise<{ id: string }>;

  /**
   * Whether the user may use the resource: it is open (no owner team and no visibility groups), or the user
   * sees it (admin, creator, member of the owner team, member of an attached visibility group).
   */
  abstract usableBy(userId: string, resourceId: string): Promise<boolean>;
}
