import { Mail } from '../../domain/email-token';

/** Text for HTML: every character that could open markup or leave an attribute is escaped. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

interface MailContent {
  to: string;
  subject: string;
  intro: string;
  action: string;
  link: string;
  validFor: string;
  outro: string;
}

function render(content: MailContent): Mail {
  const { to, subject, intro, action, link, validFor, outro } = content;
  const text = `${intro}\n\n${action}:\n${link}\n\nThe link works once and expires in ${validFor}.\n${outro}\n`;
  const html =
    `<!doctype html><html><body><p>${escapeHtml(intro)}</p>` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>` +
    `<p>The link works once and expires in ${escapeHtml(validFor)}.<br>${escapeHtml(outro)}</p></body></html>`;
  return { to, subject, text, html };
}

/** "1 hour", "24 hours", "90 minutes". */
export function describeDuration(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function passwordResetMail(to: string, linkBase: string, token: string, ttlSeconds: number): Mail {
  return render({
    to,
    subject: 'Reset your Keyward password',
    intro: 'Someone asked to reset the password of your Keyward account.',
    action: 'Choose a new password',
    link: `${linkBase}/password/reset?token=${encodeURIComponent(token)}`,
    validFor: describeDuration(ttlSeconds),
    outro: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  });
}

export function emailVerificationMail(to: string, linkBase: string, token: string, ttlSeconds: number): Mail {
  return render({
    to,
    subject: 'Confirm your email address for Keyward',
    intro: 'Please confirm that this address belongs to your Keyward account.',
    action: 'Confirm my email address',
    link: `${linkBase}/email/verify?token=${encodeURIComponent(token)}`,
    validFor: describeDuration(ttlSeconds),
    outro: 'If you did not ask for this, ignore this mail.',
  });
}
