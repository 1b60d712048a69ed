// The PDF kit: everything a PDF of Accordo needs (the verbale, the protocol register, and the
// documents to come). One font set and one error (fonts.ts), one way to start a document with
// fast embedding and compression (document.ts), text layout (layout.ts), the raw-operator text
// layer (page-text.ts) and PDF/A-2b identification (pdfa.ts).
export { FONT_DIR_ENV, FONT_FILE_NAMES, PDF_FONT_USER_MESSAGE, PdfFontError, fontDir, loadFontFiles, packagedFontDir } from './fonts.ts';
export type { FontFiles, FontStyle } from './fonts.ts';
export { createPdf, setPdfInfo } from './document.ts';
export type { PdfFonts, PdfInfo } from './document.ts';
export { drawLine, fitText, layoutLines, lineText, printable, textWidth, wrapText } from './layout.ts';
export type { Run, Word } from './layout.ts';
export { PageText, PageTexts } from './page-text.ts';
export { addPdfA2bMetadata, srgbIccProfile } from './pdfa.ts';
