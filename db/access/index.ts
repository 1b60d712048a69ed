/**
 * The access catalog of Accordo: every rule of who may do what, as pure functions over plain data,
 * one file per area. Used by the web (hooks, loads, actions, endpoints, the navigation), the SFU
 * (admission and socket handlers) and collab (WebSocket upgrade). Actors are users or guests
 * (personal links); loadActor is the one way to build a user's actor from the database.
 */
export * from './actor.ts';
export * from './load.ts';
export * from './case.ts';
export * from './documents.ts';
export * from './rooms.ts';
export * from './verbali.ts';
export * from './agenda.ts';
export * from './mediatori.ts';
export * from './protocollo.ts';
export * from './fees.ts';
export * from './comunicazioni.ts';
export * from './admin.ts';
export * from './dashboard.ts';
export * from './firma.ts';
export * from './portale.ts';
