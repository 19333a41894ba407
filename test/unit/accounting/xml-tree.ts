/** A tiny XML reader for tests: elements, attributes and text, entities decoded. Enough for the Tally file. */
export type XmlNode = { name: string; attrs: Record<string, string>; children: XmlNode[]; text: string };

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt < 0) break;
    if (lt > i) {
      const chunk = xml.slice(i, lt);
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(chunk) || chunk.includes('>')) throw new Error('unescaped & or > in text');
      top.text += decode(chunk);
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const raw = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (raw.startsWith('?') || raw.startsWith('!')) continue;
    if (raw.startsWith('/')) {
      const closed = stack.pop()!;
      if (closed.name !== raw.slice(1).trim()) throw new Error(`mismatched </${raw.slice(1)}> for <${closed.name}>`);
      continue;
    }
    const selfClosing = raw.endsWith('/');
    const body = selfClosing ? raw.slice(0, -1) : raw;
    const name = /^[^\s]+/.exec(body)![0];
    const attrs: Record<string, string> = {};
    for (const m of body.slice(name.length).matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[m[1]!] = decode(m[2]!);
    if (/[<&]/.test(body.replace(/&(amp|lt|gt|quot|apos);/g, ''))) throw new Error('raw < or & in a tag');
    const node: XmlNode = { name, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  const text = root.text.trim();
  if (text) throw new Error('text outside the root element');
  return root;
}

export function child(n: XmlNode, name: string): XmlNode {
  const c = n.children.find((x) => x.name === name);
  if (!c) throw new Error(`no <${name}> in <${n.name}>`);
  return c;
}

export function children(n: XmlNode, name: string): XmlNode[] {
  return n.children.filter((x) => x.name === name);
}

/** Text of a direct child element. */
export function textOf(n: XmlNode, name: string): string {
  return child(n, name).text;
}

/** Follows a path of element names from `n`. */
export function path(n: XmlNode, ...names: string[]): XmlNode {
  return names.reduce(child, n);
}
