/** Every page: the menu (when signed in), the flash message and the page's own content (`it.body`). */
export const layout = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %> · Keyward admin</title>
<link rel="stylesheet" href="<%= it.root %>/assets/pico.classless.min.css">
<link rel="stylesheet" href="<%= it.root %>/assets/admin.css">
</head>
<body>
<header>
<nav aria-label="Account">
<ul><li><strong>Keyward admin</strong></li></ul>
<% if (it.signedIn) { %>
<ul><li>
<form method="post" action="<%= it.root %>/logout" class="inline">
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<button type="submit" class="secondary">Sign out</button>
</form>
</li></ul>
<% } %>
</nav>
<% if (it.signedIn) { %>
<nav aria-label="Admin panel" class="menu">
<ul>
<% for (const item of it.nav) { const href = it.root + item.path; const here = it.current === href || (item.path !== '' && it.current.startsWith(href + '/')); %>
<li><a href="<%= href %>"<%~ here ? ' aria-current="page"' : '' %>><%= item.label %></a></li>
<% } %>
</ul>
</nav>
<% } %>
</header>
<main>
<% if (it.flash) { %><p role="status" class="flash"><%= it.flash.text %></p><% } %>
<%~ it.body %>
</main>
</body>
</html>
`;

/** A few layout rules Pico's classless build lacks: a wrapping menu, inline forms, compact tables, flashes. */
export const adminCss = `nav.menu ul { flex-wrap: wrap; }
nav.menu a[aria-current="page"] { font-weight: bold; text-decoration: underline; }
form.inline { display: inline; margin: 0; }
form.inline button { margin: 0; padding: 0.25rem 0.75rem; width: auto; }
td form.inline button { font-size: 0.875rem; }
table { font-size: 0.9rem; }
th, td { padding: 0.5rem 0.6rem; }
figure { overflow-x: auto; }
td code { font-size: 0.8rem; white-space: nowrap; }
td code.wrap { white-space: pre-wrap; word-break: break-all; }
td.details { min-width: 16rem; }
time { white-space: nowrap; }
.flash { padding: 0.75rem 1rem; border-left: 4px solid #2e7d32; background: rgba(46, 125, 50, 0.1); }
.problem { padding: 0.75rem 1rem; border-left: 4px solid #c62828; background: rgba(198, 40, 40, 0.1); }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; }
.counts article { margin: 0; text-align: center; }
.counts strong { display: block; font-size: 2rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 1rem; align-items: end; }
fieldset.roles label { display: inline-block; margin-right: 1.5rem; }
`;
