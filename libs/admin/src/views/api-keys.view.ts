/** The operator's own API keys, as GET /auth/api-keys, and the form that makes one. */
export const apiKeys = `<% layout('@layout.eta', { ...it, title: 'Your API keys' }) %>
<h1>Your API keys</h1>
<p>Keys act as you, with your permissions, as <code>X-Api-Key</code>. A user's keys are on that user's page.</p>
<%~ include('@grid.eta', { ...it.table, csrfToken: it.csrfToken }) %>
<%~ include('@pager.eta', it.pager) %>
<details>
<summary>Create an API key</summary>
<form method="post" action="<%= it.root %>/api-keys">
<%~ include('@csrf.eta', it) %>
<label for="key-name">Name</label>
<input id="key-name" name="name" type="text" required maxlength="100">
<label for="key-expires">Expires (UTC, optional)</label>
<input id="key-expires" name="expiresAt" type="datetime-local">
<button type="submit">Create API key</button>
</form>
</details>
`;

/** Shown once after creation: the key is in this answer only. */
export const apiKeyCreated = `<% layout('@layout.eta', { ...it, title: 'API key created' }) %>
<h1>API key created</h1>
<article>
<h2>“<%= it.key.name %>”</h2>
<p>Copy it now: it is shown this once and cannot be read again.</p>
<p><code id="api-key"><%= it.key.key %></code></p>
</article>
<p><% if (it.back) { %><a href="<%= it.root + it.back %>">Back to the user</a><% } else { %><a href="<%= it.root %>/api-keys">Your API keys</a><% } %></p>
`;
