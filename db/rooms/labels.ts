/** Who a personal room link is for (the roles of people without an account). */
export const INVITO_RUOLI = ['parte', 'rappresentante', 'avvocato', 'ctu', 'tirocinante', 'uditore'] as const;
