/**
 * Autosave for the article form: while someone types, the form is sent to `<action>/autosave` at most
 * every 10 seconds. The server saves without making a revision and answers with the new version,
 * which goes back into the form, so the next manual save does not look like a conflict. A conflict
 * (someone else saved) stops autosaving and says so; the manual Save then shows both versions.
 */
const intervalMs = 10_000

export function enableAutosave(form: HTMLFormElement): void {
  const status = document.createElement('p')
  status.className = 'hint autosave-status'
  status.setAttribute('role', 'status')
  form.querySelector('.actions')?.append(status)
  let dirty = false
  let stopped = false
  let inFlight = false
  const markDirty = () => {
    dirty = true
  }
  form.addEventListener('input', markDirty)
  form.addEventListener('change', markDirty)
  form.addEventListener('submit', () => {
    stopped = true
  })

  const save = async () => {
    if (!dirty || stopped || inFlight) return
    dirty = false
    inFlight = true
    try {
      const response = await fetch(`${form.action}/autosave`, { method: 'POST', body: new FormData(form), headers: { accept: 'application/json' } })
      const result = (await response.json()) as { version?: number; error?: { message: string } }
      if (response.ok && typeof result.version === 'number') {
        const version = form.querySelector<HTMLInputElement>('input[name=version]')
        if (version) version.value = String(result.version)
        status.textContent = `Draft autosaved at ${new Date().toLocaleTimeString()}.`
      } else {
        status.textContent = result.error?.message ?? 'Autosave failed; save manually.'
        if (response.status === 409) stopped = true
        else dirty = true
      }
    } catch {
      dirty = true
      status.textContent = 'Autosave could not reach the server; it will try again.'
    } finally {
      inFlight = false
    }
  }
  window.setInterval(() => void save(), intervalMs)
}

export function enableAutosaveForms(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-autosave]')) enableAutosave(form)
}
