// Every table of every module, for the drizzle client (db/client.ts) and for queries that join
// several modules. drizzle-kit reads the modules' own schema files (drizzle.config.ts).
export * from './organismi/schema.ts';
export * from './auth/schema.ts';
export * from './audit/schema.ts';
export * from './shared/schema.ts';
export * from './procedimenti/schema.ts';
export * from './mediatori/schema.ts';
export * from './agenda/schema.ts';
export * from './documents/schema.ts';
export * from './protocollo/schema.ts';
export * from './fees/schema.ts';
export * from './deadlines/schema.ts';
export * from './rooms/schema.ts';
export * from './verbali/schema.ts';
export * from './comunicazioni/schema.ts';
export * from './firma/schema.ts';
export * from './jobs/schema.ts';
export * from './adesioni/schema.ts';
export * from './portale/schema.ts';
