export * from './html.ts'
export * from './slugs.ts'
export * from './time.ts'
export * from './validation.ts'
