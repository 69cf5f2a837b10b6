/*
 * Port offered by access control: ResourceGateAdapter (libs/access/src/adapters/resource-gate.adapter.ts).
 * Used by signing: SigningModule registers each key as a resource, KeyAccess checks who may use it.
 * Bound in apps/api/src/context-ports.module.ts.
 */

/** What other contexts may ask of access control about registered resources. The class is the DI token. */
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
