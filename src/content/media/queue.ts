import { ServiceUnavailableError } from '../../errors.ts'

export type WorkQueueOptions = {
  /** Jobs that run at the same time. */
  concurrency: number
  /** Jobs that may wait for a turn; one more is refused at once. */
  maxWaiting: number
  /** What the refusal says, and when to try again. */
  busyMessage: string
  retryAfterSeconds: number
}

export type WorkQueue = {
  /** Runs the job when a turn is free (first come, first served), or throws ServiceUnavailableError when the queue is full. */
  run<T>(job: () => Promise<T>): Promise<T>
  readonly running: number
  readonly waiting: number
}

/**
 * A bounded queue for expensive work (decoding and encoding images): at most `concurrency` jobs run,
 * at most `maxWaiting` wait, and beyond that a job is refused with a 503 instead of piling up memory
 * and CPU until every request is slow.
 */
export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { concurrency, maxWaiting } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`)
  let running = 0
  const turns: (() => void)[] = []
  const release = () => {
    const next = turns.shift()
    // The slot passes straight to the next job, so nothing can overtake it.
    if (next) next()
    else running -= 1
  }
  return {
    get running() {
      return running
    },
    get waiting() {
      return turns.length
    },
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running < concurrency) {
        running += 1
      } else {
        if (turns.length >= maxWaiting) throw new ServiceUnavailableError(options.busyMessage, options.retryAfterSeconds)
        await new Promise<void>((resolve) => turns.push(resolve))
      }
      try {
        return await job()
      } finally {
        release()
      }
    },
  }
}
