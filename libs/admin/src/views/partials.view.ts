/** Previous/next links under a table (`it` is a Pager, see http/pager.ts). */
export const pager = `<% if (it.total > 0) { %>
<nav aria-label="Pages">
<ul>
<li><% if (it.prevHref) { %><a href="<%= it.prevHref %>" rel="prev">← Previous</a><% } else { %><span aria-disabled="true">← Previous</span><% } %></li>
<li>Showing <%= it.from %>–<%= it.to %> of <%= it.total %></li>
<li><% if (it.nextHref) { %><a href="<%= it.nextHref %>" rel="next">Next →</a><% } else { %><span aria-disabled="true">Next →</span><% } %></li>
</ul>
</nav>
<% } %>`;

/** The hidden field every form carries. */
export const csrf = `<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">`;

/**
 * A generic table page: \`it.columns\` are headers, each row a list of cells; a cell is text, or
 * \`{ text, href }\` (a link), or \`{ form: { action, label } }\` (a button posting a CSRF-protected form).
 */
export const table = `<% layout('@layout.eta') %>
<h1><%= it.title %></h1>
<% if (it.intro) { %><p><%= it.intro %></p><% } %>
<% if (it.rows.length === 0) { %><p>Nothing to show.</p><% } else { %>
<figure>
<table>
<thead><tr><% for (const column of it.columns) { %><th scope="col"><%= column %></th><% } %></tr></thead>
<tbody>
<% for (const row of it.rows) { %><tr>
<% for (const cell of row) { %><td><% if (cell && typeof cell === 'object' && cell.form) { %><form method="post" action="<%= cell.form.action %>" class="inline"><%~ include('@csrf.eta', it) %><button type="submit" class="secondary"><%= cell.form.label %></button></form><% } else if (cell && typeof cell === 'object' && cell.href) { %><a href="<%= cell.href %>"><%= cell.text %></a><% } else if (cell && typeof cell === 'object' && cell.code) { %><code><%= cell.code %></code><% } else { %><%= cell ?? '' %><% } %></td><% } %>
</tr><% } %>
</tbody>
</table>
</figure>
<% } %>
<% if (it.pager) { %><%~ include('@pager.eta', it.pager) %><% } %>
`;

/** A refused request: the problem's title and detail, as text. */
export const error = `<% layout('@layout.eta', { ...it, title: it.problem.title }) %>
<h1><%= it.problem.title %></h1>
<p class="problem" role="alert"><%= it.problem.detail %></p>
<p><small>Code <code><%= it.problem.code %></code> · request <code><%= it.problem.requestId %></code></small></p>
<p><% if (it.signedIn) { %><a href="<%= it.root %>">Back to the dashboard</a><% } else { %><a href="<%= it.root %>/login">Sign in</a><% } %></p>
`;
