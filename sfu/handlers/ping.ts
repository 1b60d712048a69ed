import { PingRequestSchema } from '#protocol/signalling.schemas.ts';
import { defineHandler } from '../handler.ts';

/** `ping { t }` -> `{ t, serverTime }`: round-trip time and clock skew, and a liveness check of the signalling. */
export const pingHandler = defineHandler('ping', PingRequestSchema, ({ t }) => ({ t, serverTime: Date.now() }));
