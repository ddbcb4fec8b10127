import type { Author } from '../../content/taxonomy/index.ts'
import { CsrfField } from './layout.tsx'

export function AuthorList({ authors }: { authors: Author[] }) {
  return (
    <>
      <h1>Authors</h1>
      <p class="hint">Names, bios and photos as readers see them in bylines and on author pages.</p>
      <table>
        <thead><tr><th>Photo</th><th>Name</th><th>Bio</th></tr></thead>
        <tbody>
          {authors.map((a) => (
            <tr>
              <td>{a.avatar_url ? <img class="author-thumb" src={a.avatar_url} alt="" width={48} height={48} /> : '—'}</td>
              <td><a href={`/admin/authors/${a.id}`}>{a.name}</a></td>
              <td>{a.bio ? a.bio.slice(0, 120) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

export type AuthorFormValues = { name: string; bio: string; avatarUrl: string }

export function AuthorForm({ author, values, media, csrf }: { author: Author; values: AuthorFormValues; media: { id: number; name: string }[]; csrf: string }) {
  return (
    <>
      <h1>Author profile: {author.name}</h1>
      <p><a href={`/author/${author.slug}`}>View the public author page</a></p>
      <form method="post" action={`/admin/authors/${author.id}`} class="panel">
        <CsrfField token={csrf} />
        <label for="name">Name <span class="hint">as bylines show it</span></label>
        <input id="name" name="name" type="text" required maxlength={120} value={values.name} />
        <label for="bio">Bio</label>
        <textarea id="bio" name="bio" rows={4} maxlength={2000}>{values.bio}</textarea>
        {/* The stored photo: an address just refused (javascript:, data:, …) is shown only as text, in the field below. */}
        {author.avatar_url && <img class="author-thumb" src={author.avatar_url} alt="Current photo" width={48} height={48} />}
        <label for="avatarMediaId">Photo from the media library</label>
        <select id="avatarMediaId" name="avatarMediaId">
          <option value="">— keep the address below —</option>
          {media.map((m) => <option value={String(m.id)}>{m.name}</option>)}
        </select>
        <label for="avatarUrl">Photo address <span class="hint">or any image address; empty for none</span></label>
        <input id="avatarUrl" name="avatarUrl" type="text" maxlength={2000} value={values.avatarUrl} />
        <div class="actions"><button type="submit">Save profile</button></div>
      </form>
    </>
  )
}
