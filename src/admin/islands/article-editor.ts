/**
 * The article editor island. Every `<textarea data-rich-editor>` on the page is hidden and replaced by
 * a TipTap editor that starts from the textarea's HTML and writes its HTML back on every change, so the
 * form submits exactly as it would without script. Built by `npm run build:islands` (Vite) and served
 * from /admin/assets; see src/admin/island-assets.ts.
 */
import { Editor } from '@tiptap/core'
import Blockquote from '@tiptap/extension-blockquote'
import Link from '@tiptap/extension-link'
import StarterKit from '@tiptap/starter-kit'
import './article-editor.css'
import { enableAutosaveForms } from './autosave.ts'

type Tool = {
  label: string
  text: string
  run: (editor: Editor) => void
  /** Toggle tools report their state in aria-pressed. */
  pressed?: (editor: Editor) => boolean
  enabled?: (editor: Editor) => boolean
}

const tools: Tool[] = [
  { label: 'Bold', text: 'B', run: (e) => e.chain().focus().toggleBold().run(), pressed: (e) => e.isActive('bold') },
  { label: 'Italic', text: 'I', run: (e) => e.chain().focus().toggleItalic().run(), pressed: (e) => e.isActive('italic') },
  { label: 'Heading 2', text: 'H2', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), pressed: (e) => e.isActive('heading', { level: 2 }) },
  { label: 'Heading 3', text: 'H3', run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), pressed: (e) => e.isActive('heading', { level: 3 }) },
  { label: 'Bullet list', text: '•', run: (e) => e.chain().focus().toggleBulletList().run(), pressed: (e) => e.isActive('bulletList') },
  { label: 'Numbered list', text: '1.', run: (e) => e.chain().focus().toggleOrderedList().run(), pressed: (e) => e.isActive('orderedList') },
  { label: 'Quote', text: '“', run: (e) => e.chain().focus().toggleBlockquote().run(), pressed: (e) => e.isActive('blockquote') && !isPullQuote(e) },
  { label: 'Pull quote', text: '❝ Pull', run: togglePullQuote, pressed: isPullQuote },
  { label: 'Add or edit link', text: 'Link', run: promptForLink, pressed: (e) => e.isActive('link') },
  { label: 'Remove link', text: 'Unlink', run: (e) => e.chain().focus().extendMarkRange('link').unsetLink().run(), enabled: (e) => e.isActive('link') },
  { label: 'Undo', text: '↶', run: (e) => e.chain().focus().undo().run(), enabled: (e) => e.can().undo() },
  { label: 'Redo', text: '↷', run: (e) => e.chain().focus().redo().run(), enabled: (e) => e.can().redo() },
]

/** A blockquote with the `pull-quote` class, the one class the article sanitizer keeps on it. */
const QuoteWithClass = Blockquote.extend({
  addAttributes() {
    return {
      class: {
        default: null,
        parseHTML: (element) => (element.classList.contains('pull-quote') ? 'pull-quote' : null),
        renderHTML: (attributes) => (attributes.class ? { class: attributes.class as string } : {}),
      },
    }
  },
})

function isPullQuote(editor: Editor): boolean {
  return editor.isActive('blockquote', { class: 'pull-quote' })
}

function togglePullQuote(editor: Editor): void {
  const chain = editor.chain().focus()
  if (isPullQuote(editor)) chain.toggleBlockquote().run()
  else if (editor.isActive('blockquote')) chain.updateAttributes('blockquote', { class: 'pull-quote' }).run()
  else chain.toggleBlockquote().updateAttributes('blockquote', { class: 'pull-quote' }).run()
}

/** The link schemes the article sanitizer keeps (src/content/html.ts). */
const allowedLink = /^(https?:\/\/|mailto:)/i

function promptForLink(editor: Editor): void {
  const current = (editor.getAttributes('link').href as string | undefined) ?? ''
  const answer = window.prompt('Link address (https://…)', current)
  if (answer === null) return
  const href = answer.trim()
  if (!href) {
    editor.chain().focus().extendMarkRange('link').unsetLink().run()
    return
  }
  const url = allowedLink.test(href) ? href : `https://${href}`
  editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run()
}

/** Elements the editor can hold; a body with anything else stays a plain textarea so nothing is lost. */
const editableTags = new Set(['p', 'br', 'h2', 'h3', 'h4', 'blockquote', 'a', 'strong', 'em', 'u', 's', 'code', 'pre', 'ul', 'ol', 'li', 'hr', 'b', 'i'])

/** Classes the editor keeps: the pull quote (QuoteWithClass). */
const editableClasses = new Set(['blockquote.pull-quote'])

function unsupportedTags(html: string): string[] {
  const template = document.createElement('template')
  template.innerHTML = html
  const found = new Set<string>()
  for (const element of template.content.querySelectorAll('*')) {
    const tag = element.localName
    const classed = element.classList.length ? `${tag}.${[...element.classList].join('.')}` : tag
    if (!editableTags.has(tag) || (classed !== tag && !editableClasses.has(classed))) found.add(classed)
  }
  return [...found]
}

/** Replaces one textarea with an editor; returns it, or null when the body holds what the editor would drop. */
export function mountArticleEditor(textarea: HTMLTextAreaElement): Editor | null {
  const unsupported = unsupportedTags(textarea.value)
  if (unsupported.length) {
    const note = document.createElement('p')
    note.className = 'rich-editor-note'
    note.textContent = `This body contains markup the rich editor cannot keep (${unsupported.join(', ')}), so it is shown as HTML.`
    textarea.before(note)
    return null
  }

  const wrapper = document.createElement('div')
  wrapper.className = 'rich-editor'
  const toolbar = document.createElement('div')
  toolbar.className = 'rich-editor-toolbar'
  toolbar.setAttribute('role', 'toolbar')
  toolbar.setAttribute('aria-label', 'Formatting')
  const content = document.createElement('div')
  wrapper.append(toolbar, content)

  const label = textarea.id ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(textarea.id)}"]`) : null
  if (label && !label.id) label.id = `${textarea.id}-label`

  const editor = new Editor({
    element: content,
    content: textarea.value,
    // TipTap would add a <style> element, which the admin CSP forbids; article-editor.css has the rules.
    injectCSS: false,
    extensions: [
      // No trailing empty paragraph after headings and lists: it would be saved into every body.
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false, trailingNode: false, blockquote: false }),
      QuoteWithClass,
      Link.configure({ openOnClick: false, autolink: true, defaultProtocol: 'https', HTMLAttributes: { target: null, rel: 'noopener noreferrer' } }),
    ],
    editorProps: {
      attributes: {
        class: 'rich-editor-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'data-testid': 'rich-editor',
        ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': 'Article body' }),
      },
    },
    onUpdate: ({ editor }) => {
      textarea.value = editor.isEmpty ? '' : editor.getHTML()
      textarea.dispatchEvent(new Event('input', { bubbles: true }))
    },
  })

  const buttons = tools.map((tool) => {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = tool.text
    button.title = tool.label
    button.setAttribute('aria-label', tool.label)
    // Keep the editor's selection: a mousedown on the button would otherwise blur it.
    button.addEventListener('mousedown', (event) => event.preventDefault())
    button.addEventListener('click', () => tool.run(editor))
    toolbar.append(button)
    return { tool, button }
  })
  const refresh = () => {
    for (const { tool, button } of buttons) {
      if (tool.pressed) button.setAttribute('aria-pressed', String(tool.pressed(editor)))
      if (tool.enabled) button.disabled = !tool.enabled(editor)
    }
  }
  editor.on('transaction', refresh)
  refresh()

  textarea.hidden = true
  textarea.after(wrapper)
  return editor
}

/** Enhances every `textarea[data-rich-editor]` under root that is not enhanced yet. */
export function enhanceRichEditors(root: ParentNode = document): Editor[] {
  const editors: Editor[] = []
  for (const textarea of root.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-editor]')) {
    if (textarea.dataset.richEditorMounted) continue
    textarea.dataset.richEditorMounted = 'true'
    const editor = mountArticleEditor(textarea)
    if (editor) editors.push(editor)
  }
  return editors
}

function enhancePage(): void {
  enhanceRichEditors()
  enableAutosaveForms()
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhancePage)
else enhancePage()
