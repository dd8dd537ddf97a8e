/**
 * A small streaming XML tokenizer for the parts of a spreadsheet (worksheets, shared strings,
 * styles, workbook, relationships): start and end tags, attributes, text, CDATA; comments and
 * processing instructions are skipped. It checks what matters for reading untrusted files safely:
 * tags nest and match, there is one root, no text outside it, only the predefined and numeric
 * entities (a document type declaration is refused, so no entity expansion and no external
 * entities), and no piece of markup grows past a limit across chunks. It does not validate names
 * or characters the way a conforming parser does.
 *
 * Why not a general SAX parser: on a 200,000-row worksheet saxes spent ~2.5 s where this takes a
 * fraction of that; the format uses a tiny, regular subset of XML (docs/adr/0006-xlsx-reader.md).
 * The tests compare its events with saxes on real workbooks.
 */

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

export interface XmlHandlers {
  /** A start tag: the name as written (with any prefix) and the raw attribute text (see {@link attr}). */
  open(name: string, attributes: string): void;
  /** An end tag; an empty element `<a/>` gives open then close. */
  close(name: string): void;
  /** Text inside the root (entities resolved; CDATA as is). May come in several pieces. */
  text(text: string): void;
}

/** The longest piece of markup (a tag, comment, CDATA section) that may span chunks. */
const MAX_PENDING = 16 * 1024 * 1024;

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DQUOTE = 34;
const SQUOTE = 39;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** Feeds text chunk by chunk (`write`), then `close()`; calls the handlers as it goes. */
export class XmlScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private rootClosed = false;

  constructor(private readonly handlers: XmlHandlers) {}

  write(chunk: string): void {
    const s = this.pending.length === 0 ? chunk : this.pending + chunk;
    const rest = this.scan(s);
    if (s.length - rest > MAX_PENDING)
      throw new XmlSyntaxError('markup too long (unclosed tag, comment or CDATA)');
    this.pending = rest === s.length ? '' : s.slice(rest);
  }

  /** Ends the document: anything left open is an error. */
  close(): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.trim() !== '') throw new XmlSyntaxError('unexpected end of document');
    if (this.stack.length > 0)
      throw new XmlSyntaxError(`<${this.stack[this.stack.length - 1]}> is not closed`);
    if (!this.rootClosed) throw new XmlSyntaxError('no root element');
  }

  /** Consumes what it can of `s`; returns where the unconsumed rest starts. */
  private scan(s: string): number {
    const n = s.length;
    const { handlers, stack } = this;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end, except an entity that may be cut off.
        let end = n;
        const amp = s.lastIndexOf('&');
        if (amp >= pos && s.indexOf(';', amp) < 0) end = amp;
        if (end > pos) this.text(s, pos, end);
        return end;
      }
      if (lt > pos) this.text(s, pos, lt);
      pos = lt;
      if (lt + 1 >= n) return pos;
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) return pos;
        let e = gt;
        while (e > lt + 2 && isSpace(s.charCodeAt(e - 1))) e--;
        const name = s.slice(lt + 2, e);
        const open = stack.pop();
        if (open !== name) throw new XmlSyntaxError(`</${name}> does not close <${open ?? ''}>`);
        handlers.close(name);
        if (stack.length === 0) this.rootClosed = true;
        pos = gt + 1;
        continue;
      }
      if (c === QUESTION) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) return pos;
        pos = e + 2;
        continue;
      }
      if (c === BANG) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) return pos;
          pos = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) return pos;
          if (stack.length === 0) throw new XmlSyntaxError('CDATA outside the root element');
          handlers.text(s.slice(lt + 9, e));
          pos = e + 3;
          continue;
        }
        if (n - lt < 9) return pos; // too short to tell yet
        throw new XmlSyntaxError('a document type declaration or unknown markup (not allowed)');
      }
      // A start tag: its end is the first '>' outside a quoted attribute value.
      let quote = 0;
      let gt = -1;
      for (let i = lt + 1; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
          else if (ch === LT) throw new XmlSyntaxError("'<' in an attribute value");
        } else if (ch === DQUOTE || ch === SQUOTE) quote = ch;
        else if (ch === GT) {
          gt = i;
          break;
        } else if (ch === LT) throw new XmlSyntaxError("'<' inside a tag");
      }
      if (gt < 0) return pos;
      let j = lt + 1;
      while (j < gt) {
        const ch = s.charCodeAt(j);
        if (isSpace(ch) || ch === SLASH) break;
        j++;
      }
      if (j === lt + 1) throw new XmlSyntaxError("'<' not followed by a name");
      const name = s.slice(lt + 1, j);
      if (this.rootClosed) throw new XmlSyntaxError(`<${name}> after the root element`);
      const empty = s.charCodeAt(gt - 1) === SLASH;
      handlers.open(name, s.slice(j, empty ? gt - 1 : gt));
      if (empty) {
        handlers.close(name);
        if (stack.length === 0) this.rootClosed = true;
      } else stack.push(name);
      pos = gt + 1;
    }
    return pos;
  }

  private text(s: string, from: number, to: number): void {
    if (this.stack.length === 0) {
      for (let k = from; k < to; k++)
        if (!isSpace(s.charCodeAt(k))) throw new XmlSyntaxError('text outside the root element');
      return;
    }
    const t = s.slice(from, to);
    this.handlers.text(t.includes('&') ? decodeEntities(t) : t);
  }
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Resolves the predefined and numeric entities; any other `&` is an error. */
export function decodeEntities(t: string): string {
  let out = '';
  let from = 0;
  for (let amp = t.indexOf('&'); amp >= 0; amp = t.indexOf('&', from)) {
    const semi = t.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw new XmlSyntaxError(`a bare '&' in text`);
    const ref = t.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.startsWith('#x') || ref.startsWith('#X'))
      ch = codePoint(/^[0-9a-fA-F]+$/.test(ref.slice(2)), ref.slice(2), 16);
    else if (ref.startsWith('#')) ch = codePoint(/^[0-9]+$/.test(ref.slice(1)), ref.slice(1), 10);
    else ch = NAMED[ref];
    if (ch === undefined) throw new XmlSyntaxError(`the entity &${ref}; is not defined`);
    out += t.slice(from, amp) + ch;
    from = semi + 1;
  }
  return out + t.slice(from);
}

function codePoint(valid: boolean, digits: string, radix: number): string | undefined {
  if (!valid) return undefined;
  const cp = parseInt(digits, radix);
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

/**
 * The value of attribute `name` in a tag's raw attribute text (entities resolved), or undefined.
 * The name is matched as written, prefix included (`r:id`).
 *
 * @example attr(' r="A1" s="3" t="s"', 't') // 's'
 */
export function attr(raw: string, name: string): string | undefined {
  const out: (string | undefined)[] = [undefined];
  pickAttributes(raw, [name], out);
  return out[0];
}

/**
 * The values of several attributes in one pass: `out[k]` is set to the value of `names[k]`, or
 * undefined. Stops at the first thing that is not `name="value"` (the rest of a malformed tag).
 */
export function pickAttributes(raw: string, names: readonly string[], out: (string | undefined)[]): void {
  for (let k = 0; k < names.length; k++) out[k] = undefined;
  const n = raw.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (i >= n) return;
    const start = i;
    while (i < n) {
      const c = raw.charCodeAt(i);
      if (c === 61 || isSpace(c)) break; // '='
      i++;
    }
    const end = i;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (raw.charCodeAt(i) !== 61) return;
    i++;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    const q = raw.charCodeAt(i);
    if (q !== DQUOTE && q !== SQUOTE) return;
    const close = raw.indexOf(q === DQUOTE ? '"' : "'", i + 1);
    if (close < 0) return;
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      if (end - start === name.length && raw.startsWith(name, start)) {
        const v = raw.slice(i + 1, close);
        out[k] = v.includes('&') ? decodeEntities(v) : v;
        break;
      }
    }
    i = close + 1;
  }
}

/** All attributes of a tag's raw attribute text, for the rare elements that need several. */
export function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const v = m[2] ?? m[3] ?? '';
    out[m[1]!] = v.includes('&') ? decodeEntities(v) : v;
  }
  return out;
}
