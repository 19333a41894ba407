import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of a PDF (pdf.js), whitespace collapsed: a long line (the amount in words) wraps, so compare unwrapped. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += `${content.items.map((it) => ('str' in it ? it.str : '')).join(' ')} `;
  }
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}
