import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../../domain/ports';
import { IdentityConfig } from '../../../identity.config';
import { GetMfaStatusInteractor } from '../get-mfa-status/get-mfa-status.interactor';

/**
 * MFA_REQUIRED_ROLES: whether a user must still enrol a second factor (TOTP or a passkey) before reaching
 * anything but /me, the MFA and passkey routes and logout. Costs nothing when no role requires MFA.
 */
@Injectable()
export class MfaEnrolmentRequirementInteractor {
  constructor(
    private readonly config: IdentityConfig,
    private readonly users: UserRepository,
    private readonly status: GetMfaStatusInteractor,
  ) {}

  async execute(query: { userId: string }): Promise<boolean> {
    const required = this.config.mfa.requiredRoles;
    if (required.length === 0) return false;
    const user = await this.users.findById(query.userId);
    if (!user?.roles.some((role) => required.includes(role))) return false;
    const { totp, passkeys } = await this.status.execute({ userId: user.id });
    return !totp.enabled && passkeys === 0;
  }
}
