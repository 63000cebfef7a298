/**
 * A text's width in DejaVu Sans, estimated: its glyphs average ~0.6 em (digits and lowercase
 * 0.55-0.64, "_" 0.5, capitals up to 0.77). The layout only needs to make room, never to align text
 * on it, so an estimate a little on the wide side will do.
 */
export const textWidth = (text: string, fontSize: number, bold = false): number =>
  text.length * fontSize * (bold ? 0.66 : 0.6);
