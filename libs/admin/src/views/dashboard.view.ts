export const dashboard = `<% layout('@layout.eta', { ...it, title: 'Dashboard' }) %>
<h1>Dashboard</h1>
<section class="counts" aria-label="Counts">
<% for (const count of it.counts) { %>
<article><strong><%= count.value ?? '—' %></strong><a href="<%= it.root + count.path %>"><%= count.label %></a></article>
<% } %>
</section>
`;
