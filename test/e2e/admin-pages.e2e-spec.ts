import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, mainText, newPanelContext, screenshot, signIn } from '../support/admin-browser';
import { SigningTestApp, startSigningApp } from '../support/signing';
import { formOf, TestApp, TestUser } from '../support/test-app';

/**
 * Every page of the panel besides users and audit (admin-flows), in a real browser: what each shows is what the
 * API holds, and its forms act through the same use cases. Saves a screenshot of each.
 */
(hasChromium ? describe : describe.skip)('admin panel pages (chromium)', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    signing = await startSigningApp({ keys: [{ algo: 'ed25519' }] });
    app = signing.app;
    admin = await app.newAdmin();
    browser = await launchChromium();
    page = await (await newPanelContext(browser)).newPage();
    await signIn(page, app.baseUrl, admin.email, admin.password);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await signing?.close();
  });

  const panel = (path = '') => `${app.baseUrl}/admin${path}`;
  const asAdmin = async (method: string, route: string, body?: unknown) => {
    const result = await app.request(method, route, { token: admin.accessToken, body });
    if (result.status >= 300) throw new Error(`${method} ${route}: ${result.status} ${result.text}`);
    return result.body;
  };
  const submit = (name: string | RegExp) =>
    Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  const rowOf = (text: string) => page.locator('main tbody tr', { hasText: text });
  /** The row holding `text`, as {column header: cell text}, so that a cell under the wrong header fails. */
  const tableRow = async (text: string) => {
    const headers = await page.locator('main thead th').allInnerTexts();
    const cells = await rowOf(text).locator('td').allInnerTexts();
    expect(cells).toHaveLength(headers.length);
    return Object.fromEntries(headers.map((header, i) => [header, cells[i]]));
  };

  it('users: deactivates a user (revoking their sessions), activates them again, creates and deletes their API keys', async () => {
    const user = await app.newUser('worker');
    const key = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'ci' } });
    await page.goto(panel(`/users/${user.id}`));

    await submit('Deactivate');
    expect(await page.getByRole('status').innerText()).toBe('User deactivated; sessions revoked.');
    expect((await asAdmin('GET', `/users/${user.id}`)).active).toBe(false);
    expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(401);
    await submit('Activate');
    expect(await page.getByRole('status').innerText()).toBe('User activated.');
    expect((await asAdmin('GET', `/users/${user.id}`)).active).toBe(true);

    await page.getByText('Create an API key for this user').click();
    await page.getByLabel('Name').fill('backup job');
    await submit('Create API key');
    const issued = await page.locator('#api-key').innerText();
    expect((await app.request('GET', '/me', { apiKey: issued })).body.id).toBe(user.id);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Back to the user' }).click()]);
    await submit('Delete API key backup job');

    expect((await app.request('GET', '/me', { apiKey: key.body.key })).status).toBe(200);
    await submit('Delete API key ci');
    expect(await page.getByRole('status').innerText()).toBe('API key deleted.');
    expect(await mainText(page)).toContain('No API keys.');
    expect((await app.request('GET', '/me', { apiKey: key.body.key })).status).toBe(401);
  });

  it('users: pages through a search with limit and offset links that keep the search', async () => {
    const tag = randomUUID().slice(0, 8);
    for (const n of [1, 2, 3]) await app.newUser(`paged${n}-${tag}`);
    await page.goto(panel(`/users?email=${tag}&limit=2`));
    expect(await page.locator('main tbody tr').count()).toBe(2);
    expect(await mainText(page)).toContain('Showing 1–2 of 3');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Next →' }).click()]);
    expect(new URL(page.url()).search).toBe(`?email=${tag}&limit=2&offset=2`);
    expect(await page.locator('main tbody tr').count()).toBe(1);
    expect(await mainText(page)).toContain('Showing 3–3 of 3');
    expect(await page.getByLabel('Email contains').inputValue()).toBe(tag);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '← Previous' }).click()]);
    expect(await mainText(page)).toContain('Showing 1–2 of 3');

    const outOfRange = await page.goto(panel('/users?limit=500'));
    expect(outOfRange?.status()).toBe(400);
    expect(await page.getByRole('alert').innerText()).toContain('limit');
  });

  it('shows what users typed as text: markup in a name is escaped, never run or rendered', async () => {
    const markup = '<img src=x onerror="document.title=1"><b>bold</b>';
    const user = await app.newUser('markup');
    await app.request('PATCH', '/me', { token: user.accessToken, body: { name: markup } });
    await page.goto(panel(`/users?email=${encodeURIComponent(user.email)}`));
    expect(await tableRow(user.email)).toMatchObject({ Name: markup });
    expect(await page.locator('main img, main tbody b').count()).toBe(0);
    expect(await page.content()).toContain('&lt;img src=x onerror="document.title=1"&gt;&lt;b&gt;bold&lt;/b&gt;');
  });

  it('roles: lists the built-in roles, creates a role and edits its permissions through the grant rule', async () => {
    await page.goto(panel('/roles'));
    expect(await mainText(page)).toMatch(/admin[\s\S]*signer[\s\S]*user/);
    const name = `auditor-${randomUUID().slice(0, 8)}`;
    await page.getByText('Create a role').click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Description').fill('Reads the audit log');
    await page.getByRole('checkbox', { name: /audit:read/ }).check();
    await screenshot(page, 'roles');
    await submit('Create role');
    expect(await page.getByRole('status').innerText()).toBe(`Role ${name} created.`);
    const roleId = page.url().split('/').pop()!;

    await page.getByRole('checkbox', { name: /users:read/ }).check();
    await submit('Save permissions');
    expect(await page.getByRole('status').innerText()).toBe('Permissions saved.');
    await screenshot(page, 'role');
    const role = await asAdmin('GET', `/roles/${roleId}`);
    expect(role).toMatchObject({ name, description: 'Reads the audit log', permissions: ['audit:read', 'users:read'] });
  });

  it('teams: creates a team, adds a member by email, gives the team a role, removes the member', async () => {
    const member = await app.newUser('member');
    const name = `Release ${randomUUID().slice(0, 8)}`;
    await page.goto(panel('/teams'));
    await page.getByText('Create a team').click();
    await page.getByLabel('Name').fill(name);
    await submit('Create team');
    expect(await page.getByRole('status').innerText()).toBe(`Team ${name} created.`);
    const teamId = page.url().split('/').pop()!;

    await page.getByLabel('Email of the user to add').fill(member.email.toUpperCase());
    await page.getByLabel('Team role').selectOption('maintainer');
    await submit('Add member');
    expect(await page.getByRole('status').innerText()).toBe(`${member.email} added as maintainer.`);
    expect(await tableRow(member.email)).toMatchObject({ 'Team role': 'maintainer' });
    expect(await tableRow(admin.email)).toMatchObject({ 'Team role': 'owner' }); // the creator

    await page.getByRole('checkbox', { name: 'signer' }).check();
    await submit('Save team roles');
    expect(await page.getByRole('status').innerText()).toBe('Team roles saved.');
    await screenshot(page, 'team');
    // The member now signs through the team.
    const me = await app.request('GET', '/me', { token: member.accessToken });
    expect(me.body.permissions).toContain('signing:sign');

    await Promise.all([page.waitForNavigation(), rowOf(member.email).getByRole('button', { name: 'Remove' }).click()]);
    expect(await page.getByRole('status').innerText()).toBe('Member removed.');
    const team = await asAdmin('GET', `/teams/${teamId}`);
    expect(team).toMatchObject({ name, roles: ['signer'], members: [expect.objectContaining({ userId: admin.id })] });

    await page.goto(panel('/teams'));
    expect(await tableRow(name)).toMatchObject({ Members: '1' });
    await screenshot(page, 'teams');
  });

  it('visibility groups and resources: a group with a user and a team, and what a resource is', async () => {
    const user = await app.newUser('viewer');
    const team = await asAdmin('POST', '/teams', { name: `Auditors ${randomUUID().slice(0, 8)}` });
    const name = `Readers ${randomUUID().slice(0, 8)}`;
    await page.goto(panel('/visibility-groups'));
    await page.getByText('Create a visibility group').click();
    await page.getByLabel('Name').fill(name);
    await submit('Create group');
    expect(await page.getByRole('status').innerText()).toBe(`Visibility group ${name} created.`);
    const groupId = page.url().split('/').pop()!;

    await page.getByLabel('Email of the user to add').fill(user.email);
    await submit('Add user');
    await page.getByLabel('Team to add').selectOption({ label: team.name });
    await submit('Add team');
    expect(await tableRow(user.email)).toMatchObject({ Kind: 'user' });
    expect(await tableRow(team.name)).toMatchObject({ Kind: 'team' });
    await screenshot(page, 'visibility-group');
    await Promise.all([page.waitForNavigation(), rowOf(user.email).getByRole('button', { name: 'Remove' }).click()]);
    const group = await asAdmin('GET', `/visibility-groups/${groupId}`);
    expect(group.members).toEqual([expect.objectContaining({ memberId: team.id, type: 'team' })]);
    await page.goto(panel('/visibility-groups'));
    await screenshot(page, 'visibility-groups');

    const resource = await asAdmin('POST', '/resources', {
      type: 'repository',
      name: `keyward-${randomUUID().slice(0, 8)}`,
      visibilityGroupIds: [groupId],
      attributes: { url: 'https://git.example.com/keyward' },
    });
    await page.goto(panel('/resources'));
    expect(await tableRow(resource.name)).toMatchObject({ Type: 'repository' });
    await screenshot(page, 'resources');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: resource.name }).click()]);
    const text = await mainText(page);
    expect(text).toContain('{"url":"https://git.example.com/keyward"}');
    expect(text).toContain(groupId);
    expect(text).toContain(admin.email); // created by
    await screenshot(page, 'resource');
  });

  it('refuses to add a member by an email nobody has, saying so', async () => {
    const team = await asAdmin('POST', '/teams', { name: `Empty ${randomUUID().slice(0, 8)}` });
    await page.goto(panel(`/teams/${team.id}`));
    await page.getByLabel('Email of the user to add').fill('nobody@example.com');
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Add member' }).click(),
    ]);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('alert').innerText()).toBe('User with that email not found');
  });

  it("sessions: the operator's own, this one marked, another revoked with a button", async () => {
    const other = await app.login(admin.email, admin.password);
    await page.goto(panel('/sessions'));
    expect(await page.locator('main tbody tr', { hasText: 'this session' }).count()).toBe(1);
    await screenshot(page, 'sessions');
    const revokeButtons = page.getByRole('button', { name: 'Revoke' });
    const before = await revokeButtons.count();
    await Promise.all([page.waitForNavigation(), revokeButtons.first().click()]);
    expect(await page.getByRole('status').innerText()).toBe('Session revoked.');
    expect(await revokeButtons.count()).toBe(before - 1);
    // The newest session is listed first: the one just made by the API login.
    expect((await app.request('GET', '/me', { token: other.accessToken })).status).toBe(401);
  });

  it("API keys: the operator's own, one created (shown once, working) and deleted", async () => {
    await page.goto(panel('/api-keys'));
    await page.getByText('Create an API key').click();
    await page.getByLabel('Name').fill('deploy bot');
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel('Expires (UTC, optional)').fill(expires);
    await submit('Create API key');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('API key created');
    const key = await page.locator('#api-key').innerText();
    expect((await app.request('GET', '/me', { apiKey: key })).body.id).toBe(admin.id);
    const listed = await asAdmin('GET', '/api-keys');
    expect(listed.items).toContainEqual(
      expect.objectContaining({ name: 'deploy bot', expiresAt: `${expires}:00.000Z`, prefix: key.slice(0, 11) }),
    );

    await page.goto(panel('/api-keys'));
    await screenshot(page, 'api-keys');
    await Promise.all([page.waitForNavigation(), rowOf('deploy bot').getByRole('button', { name: 'Delete' }).click()]);
    expect(await page.getByRole('status').innerText()).toBe('API key deleted.');
    expect((await app.request('GET', '/me', { apiKey: key })).status).toBe(401);
  });

  it('secrets: receipts only (never the content or the key), and a pending one burned', async () => {
    const content = `the vault code is ${randomUUID()}`;
    const created = await asAdmin('POST', '/secrets', { secret: content, passphrase: 'blue canoe' });
    await page.goto(panel('/secrets'));
    const row = rowOf(created.id);
    expect(await row.innerText()).toContain('pending');
    await screenshot(page, 'secrets');
    const html = await page.content();
    expect(html).not.toContain(content);
    expect(html).not.toContain(created.secretKey);

    await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: 'Burn' }).click()]);
    expect(await page.getByRole('status').innerText()).toBe('Secret burned.');
    expect(await rowOf(created.id).innerText()).toContain('burned');
    expect((await app.request('GET', `/secrets/${created.secretKey}`)).status).toBe(404);
  });

  it('signing keys: each key with its recent use from the audit log', async () => {
    const key = signing.gpg.keys[0];
    const signer = await app.newUser('signer');
    await asAdmin('PUT', `/users/${signer.id}/roles`, { roles: ['user', 'signer'] });
    for (const name of ['a.txt', 'b.txt']) {
      const signed = await app.request('POST', `/sign?keyid=${key.keyid}`, {
        token: signer.accessToken,
        form: formOf(['file', name, name]),
      });
      expect(signed.status).toBe(200);
    }
    await page.goto(panel('/signing-keys'));
    // Two requests, none failed, with the time of the last.
    expect(await tableRow(key.keyid)).toMatchObject({
      'Key id': key.keyid,
      'User ids': key.uid,
      Requests: '2',
      Failed: '0',
      'Last used': expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/),
    });
    await screenshot(page, 'signing-keys');
  });

  it('renders a 404 page for an id that names nothing', async () => {
    const response = await page.goto(panel(`/users/${randomUUID()}`));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Not Found');
    await screenshot(page, 'not-found');
  });
});
