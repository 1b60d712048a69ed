import { env } from '$env/dynamic/private';
import { DEFAULT_LOGIN_LIMITS, type LoginRateLimits } from '#db/auth/rate-limit.ts';

/** Login rate limits; LOGIN_MAX_PER_IP / LOGIN_MAX_PER_ACCOUNT / LOGIN_WINDOW_MINUTES override them. */
export function loginLimits(): LoginRateLimits {
	const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
	return {
		windowMs: num(env.LOGIN_WINDOW_MINUTES, DEFAULT_LOGIN_LIMITS.windowMs / 60000) * 60000,
		maxPerIp: num(env.LOGIN_MAX_PER_IP, DEFAULT_LOGIN_LIMITS.maxPerIp),
		maxPerAccount: num(env.LOGIN_MAX_PER_ACCOUNT, DEFAULT_LOGIN_LIMITS.maxPerAccount)
	};
}
