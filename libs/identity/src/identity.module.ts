import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  ClockModule,
  FailureLimiterModule,
  PermissionGuard,
  provideConfigSlice,
  SessionStoreModule,
} from '@keyward/core';
import { Clock } from '@keyward/kernel';
import { AccountMailConfig } from './account-mail.config';
import { NodemailerMailer } from './adapters/mail/nodemailer-mailer';
import { Argon2PasswordHasher } from './adapters/argon2-password-hasher';
import { loadCommonPasswords } from './adapters/common-passwords';
import { JwtAccessTokens } from './adapters/jwt-access-tokens';
import { RolePermissionResolver } from './adapters/role-permission-resolver';
import { UserAccountDirectory } from './adapters/user-account-directory';
import { EmailTokenRepository, Mailer } from './domain/email-token';
import { PasswordPolicy } from './domain/password-policy';
import { AccessTokens, ApiKeyRepository, PasswordHasher, UserRepository } from './domain/ports';
import { AccountLinksController } from './http/account-links.controller';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthController } from './http/auth.controller';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { MeController } from './http/me.controller';
import { SessionsController } from './http/sessions.controller';
import { UsersController } from './http/users.controller';
import { IdentityConfig } from './identity.config';
import { AuthenticateInteractor } from './interactors/commands/authenticate/authenticate.interactor';
import { BootstrapAdminInteractor } from './interactors/commands/bootstrap-admin/bootstrap-admin.interactor';
import { ChangePasswordInteractor } from './interactors/commands/change-password/change-password.interactor';
import { CreateApiKeyInteractor } from './interactors/commands/create-api-key/create-api-key.interactor';
import { CreateUserInteractor } from './interactors/commands/create-user/create-user.interactor';
import { DeleteAccountInteractor } from './interactors/commands/delete-account/delete-account.interactor';
import { DeleteApiKeyInteractor } from './interactors/commands/delete-api-key/delete-api-key.interactor';
import { DeleteUserInteractor } from './interactors/commands/delete-user/delete-user.interactor';
import { LoginInteractor } from './interactors/commands/login/login.interactor';
import { LogoutInteractor } from './interactors/commands/logout/logout.interactor';
import { ReassignRoleInteractor } from './interactors/commands/reassign-role/reassign-role.interactor';
import { RefreshSessionInteractor } from './interactors/commands/refresh-session/refresh-session.interactor';
import { RegisterUserInteractor } from './interactors/commands/register-user/register-user.interactor';
import { RequestPasswordResetInteractor } from './interactors/commands/request-password-reset/request-password-reset.interactor';
import { ResetPasswordInteractor } from './interactors/commands/reset-password/reset-password.interactor';
import { RevokeSessionInteractor } from './interactors/commands/revoke-session/revoke-session.interactor';
import { RevokeUserSessionsInteractor } from './interactors/commands/revoke-user-sessions/revoke-user-sessions.interactor';
import { SendEmailVerificationInteractor } from './interactors/commands/send-email-verification/send-email-verification.interactor';
import { SetUserRolesInteractor } from './interactors/commands/set-user-roles/set-user-roles.interactor';
import { UpdateApiKeyInteractor } from './interactors/commands/update-api-key/update-api-key.interactor';
import { UpdateProfileInteractor } from './interactors/commands/update-profile/update-profile.interactor';
import { UpdateUserInteractor } from './interactors/commands/update-user/update-user.interactor';
import { VerifyEmailInteractor } from './interactors/commands/verify-email/verify-email.interactor';
import { GetMeInteractor } from './interactors/queries/get-me/get-me.interactor';
import { GetUserInteractor } from './interactors/queries/get-user/get-user.interactor';
import { ListApiKeysInteractor } from './interactors/queries/list-api-keys/list-api-keys.interactor';
import { ListSessionsInteractor } from './interactors/queries/list-sessions/list-sessions.interactor';
import { ListUsersInteractor } from './interactors/queries/list-users/list-users.interactor';
import { EmailTokens } from './interactors/shared/email-tokens';
import { LoginThrottle } from './interactors/shared/login-throttle';
import { SessionIssuer } from './interactors/shared/session-issuer';
import { TypeormApiKeyRepository } from './repositories/typeorm-api-key.repository';
import { TypeormEmailTokenRepository } from './repositories/typeorm-email-token.repository';
import { TypeormUserRepository } from './repositories/typeorm-user.repository';

const interactors = [
  AuthenticateInteractor,
  BootstrapAdminInteractor,
  ChangePasswordInteractor,
  CreateApiKeyInteractor,
  CreateUserInteractor,
  DeleteAccountInteractor,
  DeleteApiKeyInteractor,
  DeleteUserInteractor,
  LoginInteractor,
  LogoutInteractor,
  ReassignRoleInteractor,
  RefreshSessionInteractor,
  RegisterUserInteractor,
  RevokeSessionInteractor,
  RevokeUserSessionsInteractor,
  SetUserRolesInteractor,
  UpdateApiKeyInteractor,
  UpdateProfileInteractor,
  UpdateUserInteractor,
  GetMeInteractor,
  GetUserInteractor,
  ListApiKeysInteractor,
  ListSessionsInteractor,
  ListUsersInteractor,
  LoginThrottle,
  SessionIssuer,
  // Email verification and password reset.
  EmailTokens,
  SendEmailVerificationInteractor,
  VerifyEmailInteractor,
  RequestPasswordResetInteractor,
  ResetPasswordInteractor,
];

/**
 * Accounts, sessions, tokens and API keys. Offers access control the accounts (UserAccountDirectory) and everyone
 * the permissions a user holds (RolePermissionResolver); uses access control's AccessDirectory and GrantGuard. The
 * ports are bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule, SessionStoreModule, FailureLimiterModule],
  controllers: [
    AuthController,
    MeController,
    SessionsController,
    ApiKeysController,
    UsersController,
    AccountLinksController,
  ],
  providers: [
    ...interactors,
    provideConfigSlice(IdentityConfig),
    provideConfigSlice(AccountMailConfig),
    { provide: EmailTokenRepository, useClass: TypeormEmailTokenRepository },
    {
      provide: Mailer,
      inject: [AccountMailConfig],
      useFactory: (c: AccountMailConfig) => new NodemailerMailer(c.transport, c.from),
    },
    { provide: UserRepository, useClass: TypeormUserRepository },
    { provide: ApiKeyRepository, useClass: TypeormApiKeyRepository },
    {
      provide: PasswordHasher,
      inject: [IdentityConfig],
      useFactory: (c: IdentityConfig) => new Argon2PasswordHasher(c.argon2),
    },
    { provide: PasswordPolicy, useFactory: () => new PasswordPolicy(loadCommonPasswords()) },
    {
      provide: AccessTokens,
      inject: [IdentityConfig, Clock],
      useFactory: (c: IdentityConfig, clock: Clock) =>
        new JwtAccessTokens({ ...c.jwt, ttlSeconds: c.jwt.accessTokenTtl }, () => clock.now()),
    },
    RolePermissionResolver,
    UserAccountDirectory,
    // Order matters: authentication establishes the principal that the permission check reads.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [
    UserRepository,
    RegisterUserInteractor,
    BootstrapAdminInteractor,
    CreateApiKeyInteractor,
    RolePermissionResolver,
    UserAccountDirectory,
  ],
})
export class IdentityModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly config: IdentityConfig,
    private readonly bootstrapAdmin: BootstrapAdminInteractor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.bootstrapAdmin) return;
    const outcome = await this.bootstrapAdmin.execute(this.config.bootstrapAdmin);
    if (outcome !== 'admin-exists') this.logger.log(`bootstrap administrator ${outcome}`);
  }
}
