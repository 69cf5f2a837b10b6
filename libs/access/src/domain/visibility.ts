/** What decides whether a user sees a resource (the SQL in the resource repository applies the same rule). */
export interface VisibilityInput {
  userId: string;
  /** Holds `resources:manage`. */
  isResourceAdmin: boolean;
  resource: { createdBy: string | null; ownerTeamId: string | null; visibilityGroupIds: readonly string[] };
  /** Teams the user belongs to. */
  teamIds: ReadonlySet<string>;
  /** Visibility groups the user belongs to, directly or through one of their teams. */
  groupIds: ReadonlySet<string>;
}

export function isVisible(input: VisibilityInput): boolean {
  const { resource } = input;
  if (input.isResourceAdmin) return true;
  if (resource.createdBy !== null && resource.createdBy === input.userId) return true;
  if (resource.ownerTeamId !== null && input.teamIds.has(resource.ownerTeamId)) return true;
  return resource.visibilityGroupIds.some((id) => input.groupIds.has(id));
}

/** An open resource (no owner team, no groups) restricts nobody who may use resources of its kind. */
export function isOpen(resource: { ownerTeamId: string | null; visibilityGroupIds: readonly string[] }): boolean {
  return resource.ownerTeamId === null && resource.visibilityGroupIds.length === 0;
}
