/**
 * zod schemas for every client-to-server payload of the SFU signalling (socket.io on
 * SFU_SOCKET_PATH). The sfu parses each payload with these before doing anything with it: the
 * TypeScript types in signalling.ts are hints for the client, not a guarantee about what arrives.
 * Isomorphic: no Node or browser imports.
 */
import { z } from 'zod';

/** `ping`: the client's clock, echoed back with the server's (round-trip and clock-skew checks). */
export const PingRequestSchema = z.object({
	t: z.number()
});
export type PingRequest = z.infer<typeof PingRequestSchema>;

/** `stats`: no arguments (`socket.emitWithAck('stats')`); an empty object is accepted too. */
export const StatsRequestSchema = z.object({}).optional();
export type StatsRequest = z.infer<typeof StatsRequestSchema>;
