/**
 * Small values read from the database (a sitemap month's count and newest change), kept until a
 * committed change announces one of their tags, like the render cache's pages. `site` drops
 * everything (what the change relay sends when it may have missed messages). A value computed while
 * an invalidation arrived is returned but not kept: it may predate the change.
 */
export class TaggedMemo<T> {
  #entries = new Map<string, { value: T; tags: readonly string[] }>()
  #generation = 0

  constructor(private readonly maxEntries = 5000) {}

  async get(key: string, tags: readonly string[], compute: () => Promise<T>): Promise<T> {
    const kept = this.#entries.get(key)
    if (kept) return kept.value
    const generation = this.#generation
    const value = await compute()
    if (generation === this.#generation) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string)
      this.#entries.set(key, { value, tags })
    }
    return value
  }

  invalidate(tags: readonly string[]): void {
    this.#generation++
    if (tags.includes('site')) return this.#entries.clear()
    for (const [key, entry] of this.#entries) if (entry.tags.some((tag) => tags.includes(tag))) this.#entries.delete(key)
  }

  get size(): number {
    return this.#entries.size
  }
}
