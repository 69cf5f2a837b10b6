export interface Resource {
  id: string;
  type: string;
  name: string;
  ownerTeamId: string | null;
  visibilityGroupIds: string[];
  attributes: Record<string, unknown>;
  /** Null for resources the service registers itself (signing keys) and after the creator's account is gone. */
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResourceView {
  id: string;
  type: string;
  name: string;
  ownerTeamId: string | null;
  visibilityGroupIds: string[];
  attributes: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toResourceView(resource: Resource): ResourceView {
  return {
    id: resource.id,
    type: resource.type,
    name: resource.name,
    ownerTeamId: resource.ownerTeamId,
    visibilityGroupIds: [...resource.visibilityGroupIds].sort(),
    attributes: resource.attributes,
    createdBy: resource.createdBy,
    createdAt: resource.createdAt.toISOString(),
    updatedAt: resource.updatedAt.toISOString(),
  };
}
