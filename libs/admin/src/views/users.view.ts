/** The user list: search by email, a page of users, and the form that creates one. */
export const users = `<% layout('@layout.eta', { ...it, title: 'Users' }) %>
<h1>Users</h1>
<form method="get" action="<%= it.root %>/users" role="search">
<label for="search-email">Email contains</label>
<input id="search-email" name="email" type="search" value="<%= it.email ?? '' %>">
<button type="submit">Search</button>
</form>
<% if (it.page.items.length === 0) { %><p>No users match.</p><% } else { %>
<figure>
<table>
<thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Roles</th><th scope="col">Active</th><th scope="col">Created</th></tr></thead>
<tbody>
<% for (const user of it.page.items) { %>
<tr><td><a href="<%= it.root %>/users/<%= user.id %>"><%= user.email %></a></td><td><%= user.name ?? '' %></td><td><%= user.roles.join(', ') %></td><td><%= user.active ? 'yes' : 'no' %></td><td><%~ include('@time.eta', { at: user.createdAt }) %></td></tr>
<% } %>
</tbody>
</table>
</figure>
<% } %>
<%~ include('@pager.eta', it.pager) %>
<details>
<summary>Create a user</summary>
<form method="post" action="<%= it.root %>/users">
<%~ include('@csrf.eta', it) %>
<label for="new-email">Email</label>
<input id="new-email" name="email" type="email" required autocomplete="off">
<label for="new-name">Name</label>
<input id="new-name" name="name" type="text" autocomplete="off">
<label for="new-password">Password</label>
<input id="new-password" name="password" type="password" required minlength="8" autocomplete="new-password">
<fieldset class="roles">
<legend>Roles</legend>
<% for (const role of it.roles) { %>
<label><input type="checkbox" name="roles" value="<%= role.name %>"<%~ role.name === 'user' ? ' checked' : '' %>> <%= role.name %></label>
<% } %>
</fieldset>
<button type="submit">Create user</button>
</form>
</details>
`;

/** Shown once after creation: the first API key is in this answer only. */
export const userCreated = `<% layout('@layout.eta', { ...it, title: 'User created' }) %>
<h1>User created</h1>
<p class="flash" role="status"><a href="<%= it.root %>/users/<%= it.user.id %>"><%= it.user.email %></a> was created with a first API key.</p>
<article>
<h2>API key “<%= it.user.apiKey.name %>”</h2>
<p>Copy it now: it is shown this once and cannot be read again.</p>
<p><code id="api-key"><%= it.user.apiKey.key %></code></p>
</article>
<p><a href="<%= it.root %>/users/<%= it.user.id %>">Open the user</a> · <a href="<%= it.root %>/users">All users</a></p>
`;
