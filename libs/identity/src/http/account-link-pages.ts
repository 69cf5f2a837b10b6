import { escapeHtml } from '../interactors/shared/account-mails';

/**
 * The pages a mailed link opens. A GET changes nothing (link scanners and mail previews follow links); the page's
 * form is posted as JSON to the route of the same path by `account-links.js`, a file of this server, because the
 * Content-Security-Policy forbids inline scripts and the API takes JSON only. Paths are relative, so the pages
 * work wherever a proxy mounts the service.
 */
function page(title: string, form: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)} - Keyward</title><script src="../account-links.js" defer></script></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${form}<p id="status" role="status"></p>` +
    '<noscript><p>This page needs JavaScript to send the form.</p></noscript></main></body></html>'
  );
}

function tokenField(token: string): string {
  return `<input type="hidden" name="token" value="${escapeHtml(token)}">`;
}

export function resetPasswordPage(token: string): string {
  return page(
    'Choose a new password',
    '<form method="post" action="reset" data-json-action="reset" data-success="Your password was changed. ' +
      'Every session was signed out; log in with the new password.">' +
      tokenField(token) +
      '<label>New password <input type="password" name="newPassword" autocomplete="new-password" ' +
      'minlength="8" maxlength="1024" required></label> <button type="submit">Set password</button></form>',
  );
}

export function verifyEmailPage(token: string): string {
  return page(
    'Confirm your email address',
    '<form method="post" action="verify" data-json-action="verify" data-success="Your email address is confirmed.">' +
      tokenField(token) +
      '<button type="submit">Confirm my email address</button></form>',
  );
}

/** Sends the page's form as JSON to its `data-json-action` and shows the outcome in #status. */
export const ACCOUNT_LINKS_SCRIPT = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('form[data-json-action]');
  var status = document.getElementById('status');
  if (!form || !status) return;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = {};
    new FormData(form).forEach(function (value, name) { body[name] = String(value); });
    var button = form.querySelector('button');
    button.disabled = true;
    fetch(form.getAttribute('data-json-action'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
      .then(function (response) {
        if (response.ok) {
          form.hidden = true;
          status.textContent = form.getAttribute('data-success');
          return;
        }
        return response.json().then(function (problem) {
          status.textContent = problem.detail || 'The request failed';
          status.setAttribute('data-code', problem.code || '');
        });
      })
      .catch(function () { status.textContent = 'The service could not be reached; try again.'; })
      .finally(function () { button.disabled = false; });
  });
});
`;
