import { Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  ClockModule,
  FailureLimiterModule,
  PermissionGuard,
  provideConfigSlice,
  SessionStoreModule,
} from '@keyward/core';
import { Clock } from '@keyward/kernel';
import { Argon2PasswordHasher } from './adapters/argon2-password-hasher';
import { loadCommonPasswords } from './adapters/common-passwords';
import { JwtAccessTokens } from './adapters/jwt-access-tokens';
import { TokenKeyCipher } from './adapters/token-keys/token-key-cipher';
import { TokenKeyRing } from './adapters/token-keys/token-key-ring';
import { KeyRingKeySource, SharedSecretKeySource } from './adapters/token-keys/token-key-source';
import { RolePermissionResolver } from './adapters/role-permission-resolver';
import { UserAccountDirectory } from './adapters/user-account-directory';
import { PasswordPolicy } from './domain/password-policy';
import { AccessTokens, ApiKeyRepository, PasswordHasher, UserRepository } from './domain/ports';
import { TokenKeyRepository } from './domain/token-keys';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthController } from './http/auth.controller';
import { AuthenticationGuard } from './http/guards/authentication.guard';
import { JwksController } from './http/jwks.controller';
import { MeController } from './http/me.controller';
import { SessionsController } from './http/sessions.controller';
import { ApiKeyStrategy } from './http/strategies/api-key.strategy';
import { BearerTokenStrategy } from './http/strategies/bearer-token.strategy';
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
import { RevokeSessionInteractor } from './interactors/commands/revoke-session/revoke-session.interactor';
import { RevokeUserSessionsInteractor } from './interactors/commands/revoke-user-sessions/revoke-user-sessions.interactor';
import { SetUserRolesInteractor } from './interactors/commands/set-user-roles/set-user-roles.interactor';
import { UpdateApiKeyInteractor } from './interactors/commands/update-api-key/update-api-key.interactor';
import { UpdateProfileInteractor } from './interactors/commands/update-profile/update-profile.interactor';
import { UpdateUserInteractor } from './interactors/commands/update-user/update-user.interactor';
import { GetMeInteractor } from './interactors/queries/get-me/get-me.interactor';
import { GetUserInteractor } from './interactors/queries/get-user/get-user.interactor';
import { ListApiKeysInteractor } from './interactors/queries/list-api-keys/list-api-keys.interactor';
import { ListSessionsInteractor } from './interactors/queries/list-sessions/list-sessions.interactor';
import { ListUsersInteractor } from './interactors/queries/list-users/list-users.interactor';
import { LoginThrottle } from './interactors/shared/login-throttle';
import { SessionIssuer } from './interactors/shared/session-issuer';
import { TypeormApiKeyRepository } from './repositories/typeorm-api-key.repository';
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
];

/**
 * Accounts, sessions, tokens and API keys. Offers access control the accounts (UserAccountDirectory) and everyone
 * the permissions a user holds (RolePermissionResolver); uses access control's AccessDirectory and GrantGuard. The
 * ports are bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule, SessionStoreModule, FailureLimiterModule],
  controllers: [AuthController, MeController, SessionsController, ApiKeysController, UsersController, JwksController],
  providers: [
    ...interactors,
    provideConfigSlice(IdentityConfig),
    { provide: UserRepository, useClass: TypeormUserRepository },
    { provide: ApiKeyRepository, useClass: TypeormApiKeyRepository },
    {
      provide: PasswordHasher,
      inject: [IdentityConfig],
      useFactory: (c: IdentityConfig) => new Argon2PasswordHasher(c.argon2),
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
