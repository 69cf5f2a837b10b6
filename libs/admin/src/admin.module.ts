import { Module } from '@nestjs/common';
import { AccessModule } from '@keyward/access';
import { AuditModule } from '@keyward/audit';
import { ClockModule, HttpConfig, provideConfigSlice, SessionStoreModule } from '@keyward/core';
import { IdentityModule } from '@keyward/identity';
import { SecretsModule } from '@keyward/secrets';
import { SigningModule } from '@keyward/signing';
import { AdminGuard } from './http/admin-guard';
import { AdminPageFilter } from './http/admin-page.filter';
import { AdminPages } from './http/admin-pages';
import { AdminSessions } from './http/admin-sessions';
import { ApiKeysController } from './http/api-keys.controller';
import { AuditController } from './http/audit.controller';
import { GroupsController } from './http/groups.controller';
import { NotFoundController } from './http/not-found.controller';
import { ResourcesController } from './http/resources.controller';
import { RolesController } from './http/roles.controller';
import { SecretsController } from './http/secrets.controller';
import { SessionsController } from './http/sessions.controller';
import { SigningKeysController } from './http/signing-keys.controller';
import { TeamsController } from './http/teams.controller';
import { DashboardController } from './http/dashboard.controller';
import { SignInController } from './http/sign-in.controller';
import { UsersController } from './http/users.controller';
import { FindUserByEmailInteractor } from './interactors/queries/find-user-by-email/find-user-by-email.interactor';
import { DashboardCountsInteractor } from './interactors/queries/dashboard-counts/dashboard-counts.interactor';
import { UserEmailsInteractor } from './interactors/queries/user-emails/user-emails.interactor';
import { SigningKeyUsageInteractor } from './interactors/queries/signing-key-usage/signing-key-usage.interactor';

/**
 * The admin panel: server-rendered pages under `<ROOT_PATH>/admin` on top of the use cases the other contexts
 * export, so that their rules (permissions, the grant rule) and audit events apply as they do to the API. Its
 * Fastify side (cookies, CSRF, templates, form parsing, stylesheets) is `registerAdminPanel`.
 */
@Module({
  imports: [ClockModule, SessionStoreModule, IdentityModule, AccessModule, AuditModule, SecretsModule, SigningModule],
  controllers: [
    SignInController,
    DashboardController,
    UsersController,
    RolesController,
    TeamsController,
    GroupsController,
    ResourcesController,
    SessionsController,
    ApiKeysController,
    SecretsController,
    SigningKeysController,
    AuditController,
    // Last: the pages above take precedence over its wildcard.
    NotFoundController,
  ],
  providers: [
    provideConfigSlice(HttpConfig),
    AdminPages,
    AdminSessions,
    AdminGuard,
    AdminPageFilter,
    DashboardCountsInteractor,
    FindUserByEmailInteractor,
    SigningKeyUsageInteractor,
    UserEmailsInteractor,
  ],
})
export class AdminModule {}
