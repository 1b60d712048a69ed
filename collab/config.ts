import { optionalText, originList, wholeNumber } from '#db/shared/env.ts';

/** The standalone collab process's variables (collab/main.ts); part of server/config.ts's schema. */
export const COLLAB_ENV = {
	COLLAB_PORT: wholeNumber('COLLAB_PORT', 0, 65535),
	COLLAB_HOST: optionalText(),
	COLLAB_ALLOWED_ORIGINS: originList('COLLAB_ALLOWED_ORIGINS')
};

export const COLLAB_DEFAULTS = { port: 3002, host: '127.0.0.1' } as const;
