/** Text made safe for SVG (XML): element content and attribute values alike. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A number as an SVG coordinate: at most one decimal, so the document stays small. */
const coordinate = (n: number): string => String(Math.round(n * 10) / 10);

export type Attributes = Record<string, string | number>;

/** An SVG element; attribute values are escaped, children are SVG already (use textElement for words). */
export function element(name: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? coordinate(value) : escapeXml(value)}"`)
    .join('');
  return children.length ? `<${name}${attrs}>${children.join('')}</${name}>` : `<${name}${attrs}/>`;
}

/** A <text> element whose words are escaped. */
export const textElement = (attributes: Attributes, words: string): string =>
  element('text', attributes, escapeXml(words));
