import { Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  AccessCacheModule,
  Argon2Slots,
  Argon2SlotsModule,
  ClockModule,
  FailureLimiterModule,
  PermissionGuard,
  provideConfigSlice,
  SessionStoreModule,
} from '@keyward/core';
import { Clock } from '@keyward/kernel';
import { AesGcmFactorCipher } from './adapters/aes-gcm-factor-cipher';
import { AccountMailConfig } from './account-mail.config';
import { NodemailerMailer } from './adapters/mail/nodemailer-mailer';
import { Argon2PasswordHasher } from './adapters/argon2-password-hasher';
import { loadCommonPasswords } from './adapters/common-passwords';
import { JwtAccessTokens } from './adapters/jwt-access-tokens';
import { StoredPasskeyCounter } from './adapters/stored-passkey-counter';
import { OtplibTotp } from './adapters/otplib-totp';
import { QrcodeSvgRenderer } from './adapters/qrcode-svg-renderer';
import { TokenKeyCipher } from './adapters/token-keys/token-key-cipher';
import { TokenKeyRing } from './adapters/token-keys/token-key-ring';
import { KeyRingKeySource, SharedSecretKeySource } from './adapters/token-keys/token-key-source';
import { CachedAccountViews } from './adapters/cached-account-views';
import { AccountViews } from './domain/account-views';
import { RolePermissionResolver } from './adapters/role-permission-resolver';
import { SimpleWebAuthnCeremonies } from './adapters/simple-webauthn-ceremonies';
import { UserAccountDirectory } from './adapters/user-account-directory';
import {
  FactorCipher,
  MfaChallengeRepository,
  MfaRepository,
  PasskeyCounter,
  QrCodeRenderer,
  Totp,
} from './domain/mfa-ports';
import { PasskeyChallengeRepository, PasskeyRepository, WebAuthnCeremonies } from './domain/passkey-ports';
import { EmailTokenRepository, Mailer } from './domain/email-token';
import { PasswordPolicy } from './domain/password-policy';
import { AccessTokens, ApiKeyRepository, PasswordHasher, UserRepository } from './domain/ports';
import { AccountLinksController } from './http/account-links.controller';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthController } from './http/auth.controller';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { MfaEnrolmentGuard } from './http/guards/mfa-enrolment.guard';
import { JwksController } from './http/jwks.controller';
import { TokenKeyRepository } from './domain/token-keys';
import { MeController } from './http/me.controller';
import { MfaController } from './http/mfa.controller';
import { PasskeysController } from './http/passkeys.controller';
import { SessionsController } from './http/sessions.controller';
import { ApiKeyStrategy } from './http/strategies/api-key.strategy';
import { BearerTokenStrategy } from './http/strategies/bearer-token.strategy';
import { UsersController } from './http/users.controller';
import { IdentityConfig } from './identity.config';
import { AuthenticateInteractor } from './interactors/commands/authenticate/authenticate.interactor';
import { BootstrapAdminInteractor } from './interactors/commands/bootstrap-admin/bootstrap-admin.interactor';
import { ChangePasswordInteractor } from './interactors/commands/change-password/change-password.interactor';
import { CreateApiKeyInteractor } from './interactors/commands/create-api-key/create-api-key.interactor';
import { CompleteMfaLoginInteractor } from './interactors/commands/complete-mfa-login/complete-mfa-login.interactor';
import { ConfirmTotpInteractor } from './interactors/commands/confirm-totp/confirm-totp.interactor';
import { CreateUserInteractor } from './interactors/commands/create-user/create-user.interactor';
import { DeleteAccountInteractor } from './interactors/commands/delete-account/delete-account.interactor';
import { DeleteApiKeyInteractor } from './interactors/commands/delete-api-key/delete-api-key.interactor';
import { DeleteUserInteractor } from './interactors/commands/delete-user/delete-user.interactor';
import { DisableTotpInteractor } from './interactors/commands/disable-totp/disable-totp.interactor';
import { EnrolTotpInteractor } from './interactors/commands/enrol-totp/enrol-totp.interactor';
import { LoginInteractor } from './interactors/commands/login/login.interactor';
import { LogoutInteractor } from './interactors/commands/logout/logout.interactor';
import { ReassignRoleInteractor } from './interactors/commands/reassign-role/reassign-role.interactor';
import { RefreshSessionInteractor } from './interactors/commands/refresh-session/refresh-session.interactor';
import { RegenerateRecoveryCodesInteractor } from './interactors/commands/regenerate-recovery-codes/regenerate-recovery-codes.interactor';
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
import { passkeyInteractors } from './interactors/passkey-interactors';
import { VerifyEmailInteractor } from './interactors/commands/verify-email/verify-email.interactor';
import { GetMeInteractor } from './interactors/queries/get-me/get-me.interactor';
import { GetMfaStatusInteractor } from './interactors/queries/get-mfa-status/get-mfa-status.interactor';
import { GetUserInteractor } from './interactors/queries/get-user/get-user.interactor';
import { ListApiKeysInteractor } from './interactors/queries/list-api-keys/list-api-keys.interactor';
import { ListSessionsInteractor } from './interactors/queries/list-sessions/list-sessions.interactor';
import { ListUsersInteractor } from './interactors/queries/list-users/list-users.interactor';
import { MfaEnrolmentRequirementInteractor } from './interactors/queries/mfa-enrolment-requirement/mfa-enrolment-requirement.interactor';
import { EmailTokens } from './interactors/shared/email-tokens';
import { LoginThrottle } from './interactors/shared/login-throttle';
import { MfaAttempts } from './interactors/shared/mfa-attempts';
import { MfaChallenges } from './interactors/shared/mfa-challenges';
import { MfaConfirmation } from './interactors/shared/mfa-confirmation';
import { SecondFactor } from './interactors/shared/second-factor';
import { SessionIssuer } from './interactors/shared/session-issuer';
import { TypeormApiKeyRepository } from './repositories/typeorm-api-key.repository';
import { TypeormMfaChallengeRepository } from './repositories/typeorm-mfa-challenge.repository';
import { TypeormMfaRepository } from './repositories/typeorm-mfa.repository';
import { TypeormPasskeyChallengeRepository } from './repositories/typeorm-passkey-challenge.repository';
import { TypeormPasskeyRepository } from './repositories/typeorm-passkey.repository';
import { TypeormEmailTokenRepository } from './repositories/typeorm-email-token.repository';
import { TypeormTokenKeyRepository } from './repositories/typeorm-token-key.repository';
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
  ...passkeyInteractors,
];

const adminPanelInteractors = [
  AuthenticateInteractor,
  LoginInteractor,
  CompleteMfaLoginInteractor,
  LogoutInteractor,
  RefreshSessionInteractor,
  ListUsersInteractor,
  GetUserInteractor,
  CreateUserInteractor,
  UpdateUserInteractor,
  SetUserRolesInteractor,
  ListApiKeysInteractor,
  DeleteApiKeyInteractor,
  ListSessionsInteractor,
  RevokeSessionInteractor,
  RevokeUserSessionsInteractor,
];

/** TOTP, recovery codes and the login's second step. */
const mfaProviders = [
  CompleteMfaLoginInteractor,
  ConfirmTotpInteractor,
  DisableTotpInteractor,
  EnrolTotpInteractor,
  RegenerateRecoveryCodesInteractor,
  GetMfaStatusInteractor,
  MfaEnrolmentRequirementInteractor,
  MfaAttempts,
  MfaChallenges,
  MfaConfirmation,
  SecondFactor,
  { provide: MfaRepository, useClass: TypeormMfaRepository },
  { provide: MfaChallengeRepository, useClass: TypeormMfaChallengeRepository },
  { provide: Totp, useClass: OtplibTotp },
  { provide: QrCodeRenderer, useClass: QrcodeSvgRenderer },
  // TOTP seeds are encrypted under a key derived from JWT_SECRET (see AesGcmFactorCipher).
  {
    provide: FactorCipher,
    inject: [IdentityConfig],
    useFactory: (c: IdentityConfig) => new AesGcmFactorCipher(c.jwt.secret),
  },
  // A passkey is a second factor too: the MFA status and MFA_REQUIRED_ROLES count them.
  { provide: PasskeyCounter, useClass: StoredPasskeyCounter },
];

/**
 * Accounts, sessions, tokens and API keys. Offers access control the accounts (UserAccountDirectory) and everyone
 * the permissions a user holds (RolePermissionResolver); uses access control's AccessDirectory and GrantGuard. The
 * ports are bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule, SessionStoreModule, FailureLimiterModule, Argon2SlotsModule, AccessCacheModule],
  controllers: [
    AuthController,
    MeController,
    SessionsController,
    ApiKeysController,
    UsersController,
    MfaController,
    PasskeysController,
    AccountLinksController,
    JwksController,
  ],
  providers: [
    ...interactors,
    ...mfaProviders,
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
    { provide: PasskeyRepository, useClass: TypeormPasskeyRepository },
    { provide: PasskeyChallengeRepository, useClass: TypeormPasskeyChallengeRepository },
    {
      provide: WebAuthnCeremonies,
      inject: [IdentityConfig],
      useFactory: (c: IdentityConfig) => new SimpleWebAuthnCeremonies(c.webauthn),
    },
    {
      provide: PasswordHasher,
      inject: [IdentityConfig, Argon2Slots],
      useFactory: (c: IdentityConfig, slots: Argon2Slots) => new Argon2PasswordHasher(c.argon2, slots),
    },
    { provide: PasswordPolicy, useFactory: () => new PasswordPolicy(loadCommonPasswords()) },
    { provide: TokenKeyRepository, useClass: TypeormTokenKeyRepository },
    {
      provide: TokenKeyRing,
      inject: [IdentityConfig, TokenKeyRepository, Clock],
      useFactory: (c: IdentityConfig, repository: TokenKeyRepository, clock: Clock) =>
        new TokenKeyRing(
          repository,
          new TokenKeyCipher(c.tokenKeys.encryptionSecret),
          {
            algorithm: c.jwt.algorithm === 'HS256' ? null : c.jwt.algorithm,
            refreshMs: c.tokenKeys.refreshSeconds * 1000,
            longestTokenTtlSeconds: Math.max(c.jwt.accessTokenTtl, c.jwt.signFileTokenTtl),
          },
          clock,
        ),
    },
    {
      provide: JwtAccessTokens,
      inject: [IdentityConfig, TokenKeyRing, Clock],
      useFactory: (c: IdentityConfig, ring: TokenKeyRing, clock: Clock) => {
        const { algorithm } = c.jwt;
        const keys =
          algorithm === 'HS256' ? new SharedSecretKeySource(c.jwt.secret) : new KeyRingKeySource(algorithm, ring);
        return new JwtAccessTokens(keys, { ...c.jwt, ttlSeconds: c.jwt.accessTokenTtl }, () => clock.now());
      },
    },
    { provide: AccessTokens, useExisting: JwtAccessTokens },
    BearerTokenStrategy,
    ApiKeyStrategy,
    { provide: AccountViews, useClass: CachedAccountViews },
    RolePermissionResolver,
    UserAccountDirectory,
    // Order matters: authentication establishes the principal that the permission check reads.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: MfaEnrolmentGuard },
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [
    UserRepository,
    // For the MFA status (GET /auth/mfa, me.mfa.passkeys): a passkey counts as a second factor.
    PasskeyRepository,
    RegisterUserInteractor,
    BootstrapAdminInteractor,
    CreateApiKeyInteractor,
    RolePermissionResolver,
    UserAccountDirectory,
    // The admin panel (libs/admin) serves the same use cases as the HTTP routes.
    ...adminPanelInteractors,
    TokenKeyRing,
  ],
})
export class IdentityModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly config: IdentityConfig,
    private readonly bootstrapAdmin: BootstrapAdminInteractor,
    private readonly tokenKeys: TokenKeyRing,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.tokenKeys.loadOnStart) {
      await this.tokenKeys.start((message) => this.logger.warn(message));
    }
    if (!this.config.bootstrapAdmin) return;
    const outcome = await this.bootstrapAdmin.execute(this.config.bootstrapAdmin);
    if (outcome !== 'admin-exists') this.logger.log(`bootstrap administrator ${outcome}`);
  }

  onModuleDestroy(): void {
    this.tokenKeys.stop();
  }
}
