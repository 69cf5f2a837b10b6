/** Audit events, newest first, with the filters of GET /auth/audit as a GET form (shareable URLs). */
export const audit = `<% layout('@layout.eta', { ...it, title: 'Audit log' }) %>
<h1>Audit log</h1>
<form method="get" action="<%= it.root %>/audit" class="filters" aria-label="Filters">
<label>Actor id<input name="actorId" type="text" value="<%= it.filter.actorId ?? '' %>" placeholder="user UUID"></label>
<label>Action<input name="action" type="text" value="<%= it.filter.action ?? '' %>" placeholder="signing.sign"></label>
<label>From (UTC)<input name="from" type="datetime-local" step="1" value="<%= it.filter.from ?? '' %>"></label>
<label>To (UTC)<input name="to" type="datetime-local" step="1" value="<%= it.filter.to ?? '' %>"></label>
<button type="submit">Filter</button>
</form>
<% if (it.page.items.length === 0) { %><p>No events match.</p><% } else { %>
<figure>
<table>
<thead><tr><th scope="col">At, from</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead>
<tbody>
<% for (const event of it.page.items) { %>
<tr><td><%~ include('@time.eta', { at: event.at }) %><br><small><%= event.ip ?? '' %></small></td>
<td><% if (event.actorId) { %><a href="<%= it.root %>/users/<%= event.actorId %>"><% if (it.emails[event.actorId]) { %><%= it.emails[event.actorId] %><% } else { %><code><%= event.actorId %></code><% } %></a><% } else { %>system<% } %></td>
<td><%= event.action %></td>
<td><%= event.targetType ?? '' %> <% if (event.targetId) { %><code class="wrap"><%= event.targetId %></code><% } %></td>
<td class="details"><code class="wrap"><%= JSON.stringify(event.details) %></code></td></tr>
<% } %>
</tbody>
</table>
</figure>
<% } %>
<%~ include('@pager.eta', it.pager) %>
`;
