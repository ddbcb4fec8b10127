import { describe, expect, it } from 'vitest'
import { ServiceUnavailableError } from '../../errors.ts'
import { createWorkQueue } from './queue.ts'

/** A job the test finishes by hand, so nothing depends on timing. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

const options = { busyMessage: 'Busy.', retryAfterSeconds: 7 }

describe('createWorkQueue', () => {
  it('runs at most `concurrency` jobs at once, the others in the order they came', async () => {
    const queue = createWorkQueue({ ...options, concurrency: 2, maxWaiting: 10 })
    const gates = Array.from({ length: 6 }, gate)
    const started: number[] = []
    let running = 0
    let mostAtOnce = 0
    const results = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i)
        running += 1
        mostAtOnce = Math.max(mostAtOnce, running)
        await g.opened
        running -= 1
        return i * 10
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect([queue.running, queue.waiting]).toEqual([2, 4])
    // Finishing the second job lets the third start, not a later one.
    gates[1]!.open()
    await expect(results[1]).resolves.toBe(10)
    expect(started).toEqual([0, 1, 2])
    for (const g of gates) g.open()
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50])
    expect(started).toEqual([0, 1, 2, 3, 4, 5])
    expect(mostAtOnce).toBe(2)
    expect([queue.running, queue.waiting]).toEqual([0, 0])
  })

  it('refuses a job past the waiting room with a 503 that says when to retry, and takes work again once there is room', async () => {
    const queue = createWorkQueue({ ...options, concurrency: 1, maxWaiting: 1 })
    const first = gate()
    const running = queue.run(() => first.opened)
    const waiting = queue.run(async () => 'waited')
    const refused = queue.run(async () => 'never')
    await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableError)
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'busy', retryAfterSeconds: 7, message: 'Busy.' })
    first.open()
    await running
    await expect(waiting).resolves.toBe('waited')
    await expect(queue.run(async () => 'again')).resolves.toBe('again')
  })

  it('frees the turn of a job that fails', async () => {
    const queue = createWorkQueue({ ...options, concurrency: 1, maxWaiting: 0 })
    await expect(queue.run(async () => Promise.reject(new Error('corrupt image')))).rejects.toThrow('corrupt image')
    await expect(queue.run(() => {
      throw new Error('thrown before any await')
    })).rejects.toThrow('thrown before any await')
    expect(queue.running).toBe(0)
    await expect(queue.run(async () => 'next')).resolves.toBe('next')
  })
})
