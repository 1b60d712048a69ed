export * from './auth.ts';
export * from './audit.ts';
export * from './cases.ts';
export * from './documents.ts';
export * from './rules.ts';
export * from './rooms.ts';
