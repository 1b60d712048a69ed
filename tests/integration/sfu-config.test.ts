import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { loadSfuConfig, loadSfuServerConfig, SfuConfigError } from '#sfu/config.ts';

function configError(env: Record<string, string>): string {
	try {
		loadSfuConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(SfuConfigError);
		return (error as Error).message;
	}
	throw new Error('expected loadSfuConfig to throw');
}

describe('loadSfuConfig', () => {
	test('defaults: one worker per core, loopback, ports 40000-40999, warn', () => {
		expect(loadSfuConfig({})).toEqual({
			workers: availableParallelism(),
			listenIp: '127.0.0.1',
			announcedAddress: undefined,
			rtcMinPort: 40000,
			rtcMaxPort: 40999,
			logLevel: 'warn'
		});
	});

	test('environment overrides; blank values mean "default"', () => {
		expect(
			loadSfuConfig({
				SFU_WORKERS: ' 3 ',
				SFU_LISTEN_IP: '0.0.0.0',
				SFU_ANNOUNCED_ADDRESS: 'media.organismo.example',
				RTC_MIN_PORT: '50000',
				RTC_MAX_PORT: '50099',
				SFU_LOG_LEVEL: 'debug'
			})
		).toEqual({
			workers: 3,
			listenIp: '0.0.0.0',
			announcedAddress: 'media.organismo.example',
			rtcMinPort: 50000,
			rtcMaxPort: 50099,
			logLevel: 'debug'
		});
		expect(loadSfuConfig({ SFU_WORKERS: '', SFU_LOG_LEVEL: '  ' })).toMatchObject({ logLevel: 'warn' });
		expect(loadSfuConfig({ SFU_ANNOUNCED_ADDRESS: '203.0.113.7' }).announcedAddress).toBe('203.0.113.7');
	});

	test('bad values fail with one English line per variable, quoting the value', () => {
		const message = configError({ SFU_WORKERS: 'tanti', RTC_MIN_PORT: '80', SFU_LOG_LEVEL: 'info' });
		expect(message).toMatch(/^Invalid SFU configuration:/);
		expect(message).toContain('SFU_WORKERS must be a whole number between 1 and 256 (got "tanti")');
		expect(message).toContain('RTC_MIN_PORT must be a whole number between 1024 and 65535 (got "80")');
		expect(message).toContain('SFU_LOG_LEVEL must be one of debug, warn, error, none (got "info")');
		expect(configError({ SFU_LISTEN_IP: 'localhost' })).toContain('SFU_LISTEN_IP must be an IPv4 or IPv6 address');
		expect(configError({ SFU_ANNOUNCED_ADDRESS: 'not a host' })).toContain('SFU_ANNOUNCED_ADDRESS must be');
	});

	test('cross-variable checks: port order, range per worker, announced address for 0.0.0.0', () => {
		expect(configError({ RTC_MIN_PORT: '41000', RTC_MAX_PORT: '40000' })).toContain(
			'RTC_MIN_PORT (41000) must not be greater than RTC_MAX_PORT (40000)'
		);
		expect(configError({ SFU_WORKERS: '4', RTC_MIN_PORT: '40000', RTC_MAX_PORT: '40002' })).toContain('too small for 4 workers');
		expect(configError({ SFU_LISTEN_IP: '0.0.0.0' })).toContain('SFU_ANNOUNCED_ADDRESS');
	});
});

describe('loadSfuServerConfig', () => {
	test('SFU_PORT (default 3001, 0 = any free port) and SFU_HOST (default 127.0.0.1)', () => {
		expect(loadSfuServerConfig({})).toEqual({ port: 3001, host: '127.0.0.1' });
		expect(loadSfuServerConfig({ SFU_PORT: '0', SFU_HOST: '0.0.0.0' })).toEqual({ port: 0, host: '0.0.0.0' });
		expect(() => loadSfuServerConfig({ SFU_PORT: '70000' })).toThrow(/SFU_PORT must be a whole number/);
	});
});
