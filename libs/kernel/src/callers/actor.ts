/**
 * Who hands out or takes away permissions, or acts on an account. A user is held to what they hold themselves;
 * the service itself (CLI user:add, seed, the bootstrap administrator) is trusted, and says so by passing
 * SYSTEM_ACTOR: no command skips the grant rule by leaving its actor out.
 */
export type Actor = { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'system' };

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system' });

export function userActor(userId: string): Actor {
  return { kind: 'user', userId };
}

export function isActorSelf(actor: Actor, userId: string): boolean {
  return actor.kind === 'user' && actor.userId === userId;
}

/** The user behind an actor, as audit events name it; null for the service itself. */
export function actorIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}
