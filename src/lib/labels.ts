// Italian labels of domain values live in their modules (db/<modulo>/labels.ts); the pages take
// the procedimento's from here.
export { ADESIONE_LABELS, MODALITA_LABELS, RUOLO_SOGGETTO_LABELS, TIPOLOGIA_LABELS, VALORE_LABELS } from '#db/procedimenti/labels.ts';
export { formatEuro } from '#db/shared/format.ts';

/** YYYY-MM-DD -> 26/11/2026 */
export { italianDate as formatDate } from '#db/shared/csv.ts';
