/** The roles of a user inside one Organismo. Italian names are the domain's real names. */
export const ROLES = ['amministratore', 'responsabile', 'segreteria', 'mediatore', 'avvocato', 'parte', 'ctu'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	amministratore: 'Amministratore',
	responsabile: "Responsabile dell'organismo",
	segreteria: 'Segreteria',
	mediatore: 'Mediatore',
	avvocato: 'Avvocato',
	parte: 'Parte',
	ctu: 'CTU (consulente tecnico)'
};
