import { Configuration, configVariables, loadConfig, readEnvironment } from '@keyward/core';
import { AccountMailConfig, IdentityConfig } from '@keyward/identity';
import { SecretsConfig } from '@keyward/secrets';
import { SigningConfig } from '@keyward/signing';

/** The contexts that have settings, each with its slice class (access and audit have none). */
export const CONTEXT_CONFIG_SLICES = {
  identity: IdentityConfig,
  // Identity's account mails (SMTP_URL, MAIL_FROM, PUBLIC_URL, reset and verification links).
  accountMail: AccountMailConfig,
  secrets: SecretsConfig,
  signing: SigningConfig,
};

/** The configuration the API and the CLI run on: the platform's slices and every context's. */
export type ServiceConfig = Configuration<typeof CONTEXT_CONFIG_SLICES>;

/** Every variable the service reads (the README's configuration table documents each). */
export const CONFIG_VARIABLES: readonly string[] = configVariables(CONTEXT_CONFIG_SLICES);

/** Reads and validates every variable once; a bad one, of any context, throws a ConfigError before anything starts. */
export function loadServiceConfig(variables: Record<string, string> = readEnvironment()): ServiceConfig {
  return loadConfig(variables, CONTEXT_CONFIG_SLICES);
}
