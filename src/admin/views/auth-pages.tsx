import { AdminLayout, CsrfField, type AdminPageProps } from './layout.tsx'

type FormPage = Pick<AdminPageProps, 'stylesheet' | 'csrf' | 'notice'>

export function LoginPage({ email = '', next = '', ...page }: FormPage & { email?: string; next?: string }) {
  return (
    <AdminLayout title="Sign in" {...page}>
      <section class="panel narrow">
        <h1>Sign in</h1>
        <form method="post" action="/admin/login">
          <CsrfField token={page.csrf} />
          <input type="hidden" name="next" value={next} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  )
}

export function SetupPage({ values = {}, ...page }: FormPage & { values?: { email?: string; name?: string } }) {
  return (
    <AdminLayout title="Set up Gazette" {...page}>
      <section class="panel narrow">
        <h1>Set up your newsroom</h1>
        <p>Create the first administrator. This form is shown only while there are no accounts.</p>
        <form method="post" action="/admin/setup">
          <CsrfField token={page.csrf} />
          <label for="name">Your name</label>
          <input id="name" name="name" type="text" required value={values.name ?? ''} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={values.email ?? ''} />
          <label for="password">Password <span class="hint">at least 10 characters</span></label>
          <input id="password" name="password" type="password" autocomplete="new-password" minlength={10} required />
          <div class="actions">
            <button type="submit">Create administrator</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  )
}
