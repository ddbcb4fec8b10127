import type { SocialLink } from '../../content/settings/index.ts'

const networkNames: Record<SocialLink['network'], string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  whatsapp: 'WhatsApp',
}

export function SocialLinks({ links }: { links: SocialLink[] }) {
  if (!links.length) return null
  return (
    <nav aria-label="Follow us" class="social">
      <span class="social-title">Follow us</span>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.url} rel="me noopener" class={`social-${link.network}`}>{networkNames[link.network]}</a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
