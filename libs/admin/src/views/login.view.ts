export const login = `<% layout('@layout.eta', { ...it, title: 'Sign in' }) %>
<article>
<h1>Sign in</h1>
<% if (it.problem) { %><p class="problem" role="alert"><%= it.problem %></p><% } %>
<form method="post" action="<%= it.root %>/login">
<%~ include('@csrf.eta', it) %>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="<%= it.email ?? '' %>">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</article>
`;
