import { BeginPasskeyLoginInteractor } from './commands/begin-passkey-login/begin-passkey-login.interactor';
import { BeginPasskeyRegistrationInteractor } from './commands/begin-passkey-registration/begin-passkey-registration.interactor';
import { DeletePasskeyInteractor } from './commands/delete-passkey/delete-passkey.interactor';
import { PasskeyLoginInteractor } from './commands/passkey-login/passkey-login.interactor';
import { RegisterPasskeyInteractor } from './commands/register-passkey/register-passkey.interactor';
import { ListPasskeysInteractor } from './queries/list-passkeys/list-passkeys.interactor';

/** The passkey use cases, listed apart so that the module's list of interactors stays one line for them. */
export const passkeyInteractors = [
  BeginPasskeyRegistrationInteractor,
  RegisterPasskeyInteractor,
  ListPasskeysInteractor,
  DeletePasskeyInteractor,
  BeginPasskeyLoginInteractor,
  PasskeyLoginInteractor,
];
