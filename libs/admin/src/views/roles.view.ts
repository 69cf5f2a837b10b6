/** The permission checkboxes of a role form (`it.catalogue`: {name, description}; `it.held`: names checked). */
export const permissionBoxes = `<fieldset>
<legend>Permissions</legend>
<% for (const permission of it.catalogue) { %>
<label><input type="checkbox" name="permissions" value="<%= permission.name %>"<%~ it.held.includes(permission.name) ? ' checked' : '' %>> <code><%= permission.name %></code> <small><%= permission.description %></small></label>
<% } %>
</fieldset>`;

/** Roles, and the form that creates one (only permissions the operator holds may be given: the grant rule). */
export const roles = `<% layout('@layout.eta', { ...it, title: 'Roles' }) %>
<h1>Roles</h1>
<%~ include('@grid.eta', { ...it.table, csrfToken: it.csrfToken }) %>
<%~ include('@pager.eta', it.pager) %>
<details>
<summary>Create a role</summary>
<form method="post" action="<%= it.root %>/roles">
<%~ include('@csrf.eta', it) %>
<label for="role-name">Name</label>
<input id="role-name" name="name" type="text" required pattern="[a-z][a-z0-9_\\-]{0,63}" aria-describedby="role-name-help">
<small id="role-name-help">Lower-case letters, digits, - and _.</small>
<label for="role-description">Description</label>
<input id="role-description" name="description" type="text">
<%~ include('@permission-boxes.eta', { catalogue: it.catalogue, held: [] }) %>
<button type="submit">Create role</button>
</form>
</details>
`;

export const role = `<% layout('@layout.eta', { ...it, title: it.role.name }) %>
<hgroup><h1><%= it.role.name %></h1><p><%= it.role.description ?? '' %><%= it.role.builtIn ? ' (built in)' : '' %></p></hgroup>
<form method="post" action="<%= it.root %>/roles/<%= it.role.id %>/permissions">
<%~ include('@csrf.eta', it) %>
<%~ include('@permission-boxes.eta', { catalogue: it.catalogue, held: it.role.permissions }) %>
<button type="submit">Save permissions</button>
</form>
`;
