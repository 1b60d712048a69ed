export * from './auth.ts';
export * from './audit.ts';
