export * from './authors.ts'
export * from './labels.ts'
export * from './sections.ts'
export * from './tags.ts'
