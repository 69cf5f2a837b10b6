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

/** The second step for an account with MFA: the pending login's token rides along in the form. */
export const loginMfa = `<% layout('@layout.eta', { ...it, title: 'Two-step sign-in' }) %>
<article>
<h1>Two-step sign-in</h1>
<% if (it.problem) { %><p class="problem" role="alert"><%= it.problem %></p><% } %>
<form method="post" action="<%= it.root %>/login/mfa">
<%~ include('@csrf.eta', it) %>
<input type="hidden" name="mfaToken" value="<%= it.mfaToken %>">
<label for="code">Code from your authenticator app, or a recovery code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">Continue</button>
</form>
<p><a href="<%= it.root %>/login">Start again</a></p>
</article>
`;
