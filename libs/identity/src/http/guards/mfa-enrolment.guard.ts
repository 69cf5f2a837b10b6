import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC, OPTIONAL_AUTH } from '@keyward/core';
import { MfaEnrollmentRequiredError } from '../../domain/mfa-errors';
import { MfaEnrolmentRequirementInteractor } from '../../interactors/queries/mfa-enrolment-requirement/mfa-enrolment-requirement.interactor';

const ALLOWED_BEFORE_MFA_ENROLMENT = 'keyward:allowed-before-mfa-enrolment';

/**
 * Marks a route a session may reach before enrolling the second factor its role requires (MFA_REQUIRED_ROLES):
 * GET /me, the MFA and passkey routes, logout.
 */
export const AllowedBeforeMfaEnrolment = () => SetMetadata(ALLOWED_BEFORE_MFA_ENROLMENT, true);

/**
 * Global guard, after authentication and before permissions: a session whose roles require MFA and that has no
 * second factor yet gets 403 MFA_ENROLLMENT_REQUIRED everywhere else. API keys are not held back: they are
 * machine credentials and cannot enrol anything.
 */
@Injectable()
export class MfaEnrolmentGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly requirement: MfaEnrolmentRequirementInteractor,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal?.sessionId) return true;
    const flag = (key: string) =>
      this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]);
    // A public route serves anyone alike; one that acts for an authenticated caller (OPTIONAL_AUTH) is held back.
    if (flag(ALLOWED_BEFORE_MFA_ENROLMENT) || (flag(IS_PUBLIC) && !flag(OPTIONAL_AUTH))) return true;
    if (await this.requirement.execute({ userId: principal.userId })) throw new MfaEnrollmentRequiredError();
    return true;
  }
}
