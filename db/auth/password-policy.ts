// What a new password must be: at least 10 characters, not one of the passwords people commonly
// use, not guessable (zxcvbn-ts estimate, score 3 of 4 at least) and not built from the person's
// own data (e-mail, name, surname). The list of common passwords is data shipped with
// @zxcvbn-ts/language-common (breach corpora); Italian words and names come from
// @zxcvbn-ts/language-it, which also gives the Italian feedback.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/** zxcvbn score 3: "safely unguessable", about 10^8 guesses and more. */
const MIN_SCORE = 3;

/** The person's own data a password must not contain. */
export interface PasswordOwner {
	email?: string | null;
	nome?: string | null;
	cognome?: string | null;
}

type Checker = {
	check(
		password: string,
		userInputs?: string[]
	):
		| Promise<{ score: number; feedback: { warning: string | null; suggestions: string[] } }>
		| { score: number; feedback: { warning: string | null; suggestions: string[] } };
};
let checker: Promise<Checker> | null = null;

/** The dictionaries are a few MB: loaded on the first password set, not at start-up. */
function zxcvbn(): Promise<Checker> {
	checker ??= (async () => {
		const [{ ZxcvbnFactory }, common, it] = await Promise.all([
			import('@zxcvbn-ts/core'),
			import('@zxcvbn-ts/language-common'),
			import('@zxcvbn-ts/language-it')
		]);
		return new ZxcvbnFactory({
			dictionary: { ...common.dictionary, ...it.dictionary },
			graphs: common.adjacencyGraphs,
			translations: it.translations
		}) as Checker;
	})();
	return checker;
}

const fold = (s: string) =>
	s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');

/** The pieces of the owner's data worth looking for: the e-mail's local part and its words, the names. */
function ownWords(owner: PasswordOwner): string[] {
	const local = (owner.email ?? '').split('@')[0] ?? '';
	const words = [local, ...local.split(/[._+-]+/), ...(owner.nome ?? '').split(/\s+/), ...(owner.cognome ?? '').split(/\s+/)];
	return [...new Set(words.map(fold).filter((w) => w.length >= 4))];
}

/** Why `password` is refused (an Italian sentence for the form), or null when it is good. */
export async function passwordProblem(password: string, owner: PasswordOwner = {}): Promise<string | null> {
	if (password.length < PASSWORD_MIN_LENGTH) return `La password deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri.`;
	if (password.length > PASSWORD_MAX_LENGTH) return 'Password troppo lunga.';
	const folded = fold(password);
	if (ownWords(owner).some((w) => folded.includes(w)))
		return 'La password non deve contenere il tuo nome, il cognome o il tuo indirizzo email.';
	const result = await (await zxcvbn()).check(password, [owner.email ?? '', owner.nome ?? '', owner.cognome ?? ''].filter(Boolean));
	if (result.score >= MIN_SCORE) return null;
	const hint = result.feedback.warning ?? result.feedback.suggestions[0] ?? 'Usa più parole poco comuni.';
	return `Password troppo facile da indovinare. ${hint}`.trim();
}
