/** One user: details, active switch, roles, sessions and API keys, each change a CSRF-protected form. */
export const user = `<% layout('@layout.eta', { ...it, title: it.user.email }) %>
<% const base = it.root + '/users/' + it.user.id; %>
<hgroup><h1><%= it.user.email %></h1><p><%= it.user.name ?? '' %></p></hgroup>
<table>
<tbody>
<tr><th scope="row">Id</th><td><code><%= it.user.id %></code></td></tr>
<tr><th scope="row">Active</th><td><%= it.user.active ? 'yes' : 'no' %>
<form method="post" action="<%= base %>/active" class="inline">
<%~ include('@csrf.eta', it) %>
<input type="hidden" name="active" value="<%= it.user.active ? 'false' : 'true' %>">
<button type="submit" class="secondary"><%= it.user.active ? 'Deactivate' : 'Activate' %></button>
</form></td></tr>
<tr><th scope="row">Created</th><td><%~ include('@time.eta', { at: it.user.createdAt }) %></td></tr>
</tbody>
</table>

<section>
<h2>Roles</h2>
<form method="post" action="<%= base %>/roles">
<%~ include('@csrf.eta', it) %>
<fieldset class="roles">
<legend>Roles held</legend>
<% for (const role of it.roles) { %>
<label><input type="checkbox" name="roles" value="<%= role.name %>"<%~ it.user.roles.includes(role.name) ? ' checked' : '' %>> <%= role.name %></label>
<% } %>
</fieldset>
<button type="submit">Save roles</button>
</form>
</section>

<section>
<h2>Sessions</h2>
<% if (it.sessions.items.length === 0) { %><p>No live sessions.</p><% } else { %>
<figure>
<table>
<thead><tr><th scope="col">Started</th><th scope="col">Last seen</th><th scope="col">Expires</th><th scope="col">IP</th><th scope="col">Client</th></tr></thead>
<tbody>
<% for (const session of it.sessions.items) { %>
<tr><td><%~ include('@time.eta', { at: session.createdAt }) %></td><td><%~ include('@time.eta', { at: session.lastSeenAt }) %></td><td><%~ include('@time.eta', { at: session.expiresAt }) %></td><td><%= session.ip ?? '' %></td><td><%= session.userAgent ?? '' %></td></tr>
<% } %>
</tbody>
</table>
</figure>
<form method="post" action="<%= base %>/sessions/revoke">
<%~ include('@csrf.eta', it) %>
<button type="submit" class="secondary">Revoke all <%= it.sessions.total %> sessions</button>
</form>
<% } %>
</section>

<section>
<h2>API keys</h2>
<% if (it.apiKeys.items.length === 0) { %><p>No API keys.</p><% } else { %>
<figure>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Active</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
<tbody>
<% for (const key of it.apiKeys.items) { %>
<tr><td><%= key.name %></td><td><code><%= key.prefix %></code></td><td><%= key.active ? 'yes' : 'no' %></td><td><% if (key.lastUsedAt) { %><%~ include('@time.eta', { at: key.lastUsedAt }) %><% } else { %>never<% } %></td><td><% if (key.expiresAt) { %><%~ include('@time.eta', { at: key.expiresAt }) %><% } else { %>never<% } %></td>
<td><form method="post" action="<%= base %>/api-keys/<%= key.id %>/delete" class="inline"><%~ include('@csrf.eta', it) %><button type="submit" class="secondary" aria-label="Delete API key <%= key.name %>">Delete</button></form></td></tr>
<% } %>
</tbody>
</table>
</figure>
<% } %>
<details>
<summary>Create an API key for this user</summary>
<form method="post" action="<%= base %>/api-keys">
<%~ include('@csrf.eta', it) %>
<label for="key-name">Name</label>
<input id="key-name" name="name" type="text" required maxlength="100">
<label for="key-expires">Expires (UTC, optional)</label>
<input id="key-expires" name="expiresAt" type="datetime-local">
<button type="submit">Create API key</button>
</form>
</details>
</section>
`;
