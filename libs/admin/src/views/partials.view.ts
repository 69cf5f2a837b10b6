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

/** An ISO 8601 instant (UTC) as a short, unbroken date and time. */
export const time = `<% if (it.at) { %><time datetime="<%= it.at %>"><%= it.at.slice(0, 19).replace('T', ' ') %> UTC</time><% } %>`;

/** The hidden field every form carries. */
export const csrf = `<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">`;

/**
 * A table (\`it.columns\` headers, \`it.rows\` of cells, \`it.empty\` when there are none). A cell is text, or
 * \`{ text, href }\` (a link), \`{ code }\` (monospace), \`{ at }\` (an instant), or \`{ form: { action, label } }\` (a button posting a
 * CSRF-protected form; \`it.csrfToken\` must be given).
 */
export const grid = `<% if (it.rows.length === 0) { %><p><%= it.empty ?? 'Nothing to show.' %></p><% } else { %>
<figure>
<table>
<thead><tr><% for (const column of it.columns) { %><th scope="col"><%= column %></th><% } %></tr></thead>
<tbody>
<% for (const row of it.rows) { %><tr><% for (const cell of row) { %><td><%~ include('@cell.eta', { cell, csrfToken: it.csrfToken }) %></td><% } %></tr>
<% } %>
</tbody>
</table>
</figure>
<% } %>`;

export const cell = `<% const c = it.cell; %><% if (c && typeof c === 'object' && c.form) { %><form method="post" action="<%= c.form.action %>" class="inline"><%~ include('@csrf.eta', it) %><button type="submit" class="secondary"><%= c.form.label %></button></form><% } else if (c && typeof c === 'object' && c.href) { %><a href="<%= c.href %>"><%= c.text %></a><% } else if (c && typeof c === 'object' && 'code' in c) { %><code><%= c.code %></code><% } else if (c && typeof c === 'object' && 'at' in c) { %><%~ include('@time.eta', c) %><% } else { %><%= c ?? '' %><% } %>`;

/** A list page: a heading, an optional introduction, a table and its pager. */
export const table = `<% layout('@layout.eta') %>
<h1><%= it.title %></h1>
<% if (it.intro) { %><p><%= it.intro %></p><% } %>
<%~ include('@grid.eta', { ...it.table, csrfToken: it.csrfToken }) %>
<% if (it.pager) { %><%~ include('@pager.eta', it.pager) %><% } %>
`;

/** One record: its fields as a two-column table, then any number of titled tables (members, usage...). */
export const record = `<% layout('@layout.eta') %>
<h1><%= it.title %></h1>
<table>
<tbody>
<% for (const [label, value] of it.fields) { %><tr><th scope="row"><%= label %></th><td><%~ include('@cell.eta', { cell: value, csrfToken: it.csrfToken }) %></td></tr>
<% } %>
</tbody>
</table>
<% for (const section of it.sections ?? []) { %>
<section>
<h2><%= section.title %></h2>
<%~ include('@grid.eta', { ...section, csrfToken: it.csrfToken }) %>
</section>
<% } %>
`;

/** A refused request: the problem's title and detail, as text. */
export const error = `<% layout('@layout.eta', { ...it, title: it.problem.title }) %>
<h1><%= it.problem.title %></h1>
<p class="problem" role="alert"><%= it.problem.detail %></p>
<p><small>Code <code><%= it.problem.code %></code> · request <code><%= it.problem.requestId %></code></small></p>
<p><% if (it.signedIn) { %><a href="<%= it.root %>">Back to the dashboard</a><% } else { %><a href="<%= it.root %>/login">Sign in</a><% } %></p>
`;
