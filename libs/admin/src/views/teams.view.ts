/** A list page with a form that creates a named thing (team, visibility group): `it.create` says which. */
export const namedList = `<% layout('@layout.eta') %>
<h1><%= it.title %></h1>
<% if (it.intro) { %><p><%= it.intro %></p><% } %>
<%~ include('@grid.eta', { ...it.table, csrfToken: it.csrfToken }) %>
<%~ include('@pager.eta', it.pager) %>
<details>
<summary><%= it.create.summary %></summary>
<form method="post" action="<%= it.create.action %>">
<%~ include('@csrf.eta', it) %>
<label for="new-name">Name</label>
<input id="new-name" name="name" type="text" required maxlength="100">
<label for="new-description">Description</label>
<input id="new-description" name="description" type="text" maxlength="500">
<button type="submit"><%= it.create.button %></button>
</form>
</details>
`;

/** One team: members (each removable), a form adding one by email, and the roles every member receives. */
export const team = `<% layout('@layout.eta', { ...it, title: it.team.name }) %>
<% const base = it.root + '/teams/' + it.team.id; %>
<hgroup><h1><%= it.team.name %></h1><p><%= it.team.description ?? '' %></p></hgroup>
<section>
<h2>Members</h2>
<%~ include('@grid.eta', { ...it.members, csrfToken: it.csrfToken }) %>
<form method="post" action="<%= base %>/members" class="filters" aria-label="Add a member">
<%~ include('@csrf.eta', it) %>
<label>Email of the user to add<input name="email" type="email" required></label>
<label>Team role<select name="role"><% for (const role of it.teamRoles) { %><option<%~ role === 'member' ? ' selected' : '' %>><%= role %></option><% } %></select></label>
<button type="submit">Add member</button>
</form>
</section>
<section>
<h2>Roles every member receives</h2>
<form method="post" action="<%= base %>/roles">
<%~ include('@csrf.eta', it) %>
<fieldset class="roles">
<legend>Team roles</legend>
<% for (const role of it.roles) { %>
<label><input type="checkbox" name="roles" value="<%= role.name %>"<%~ it.team.roles.includes(role.name) ? ' checked' : '' %>> <%= role.name %></label>
<% } %>
</fieldset>
<button type="submit">Save team roles</button>
</form>
</section>
`;

/** One visibility group: members (users or teams, each removable) and forms adding either. */
export const group = `<% layout('@layout.eta', { ...it, title: it.group.name }) %>
<% const base = it.root + '/visibility-groups/' + it.group.id; %>
<hgroup><h1><%= it.group.name %></h1><p><%= it.group.description ?? '' %></p></hgroup>
<h2>Members</h2>
<%~ include('@grid.eta', { ...it.members, csrfToken: it.csrfToken }) %>
<div class="filters">
<form method="post" action="<%= base %>/members" aria-label="Add a user">
<%~ include('@csrf.eta', it) %>
<label>Email of the user to add<input name="email" type="email" required></label>
<button type="submit">Add user</button>
</form>
<form method="post" action="<%= base %>/members" aria-label="Add a team">
<%~ include('@csrf.eta', it) %>
<label>Team to add<select name="teamId" required><% for (const team of it.teams) { %><option value="<%= team.id %>"><%= team.name %></option><% } %></select></label>
<button type="submit"<%~ it.teams.length === 0 ? ' disabled' : '' %>>Add team</button>
</form>
</div>
`;
