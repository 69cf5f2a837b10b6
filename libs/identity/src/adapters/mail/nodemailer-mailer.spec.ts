import { smtpOptions } from './nodemailer-mailer';

describe('SMTP_URL', () => {
  it('takes host, port, TLS and percent-encoded credentials from the URL', () => {
    expect(smtpOptions('smtps://ops%40example.com:p%3Ass%2Fw0rd@mail.example.com:2465')).toMatchObject({
      host: 'mail.example.com',
      port: 2465,
      secure: true,
      auth: { user: 'ops@example.com', pass: 'p:ss/w0rd' },
    });
  });

  it('defaults to submission (587, STARTTLS) or 465 for smtps, and no login without credentials', () => {
    expect(smtpOptions('smtp://relay.internal')).toMatchObject({ port: 587, secure: false, auth: undefined });
    expect(smtpOptions('smtps://relay.internal')).toMatchObject({ port: 465, secure: true });
  });
});
