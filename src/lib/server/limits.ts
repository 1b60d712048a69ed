import type { LoginRateLimits } from '#db/auth/rate-limit.ts';
import { appRuntime } from './runtime';

/** Login rate limits: LOGIN_MAX_PER_IP / LOGIN_MAX_PER_ACCOUNT / LOGIN_WINDOW_MINUTES (server/config.ts). */
export function loginLimits(): LoginRateLimits {
	return appRuntime().config.login;
}
