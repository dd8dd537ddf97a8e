/**
 * The XML tokenizer, checked against saxes (a conforming XML parser) on every XML part of the
 * LibreOffice-made fixtures (test/fixtures/ingest/, scripts/make-ingest-fixtures.sh), fed in chunks
 * of every size from 1 character up, and on malformed documents both must refuse.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { describe, expect, it } from 'vitest';
import { attr, attributes, decodeEntities, pickAttributes, XmlScanner, XmlSyntaxError } from './xml-scan.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive } from './zip.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));

type Event = ['open', string, Record<string, string>] | ['close', string] | ['text', string];

/** Events with adjacent text joined (both tools may cut text differently). */
function push(events: Event[], e: Event): void {
  const last = events[events.length - 1];
  if (e[0] === 'text' && last?.[0] === 'text') last[1] += e[1];
  else events.push(e);
}

function withSaxes(xml: string): Event[] {
  const events: Event[] = [];
  const p = new SaxesParser({ position: false });
  p.on('opentag', (t) => push(events, ['open', t.name, { ...(t as SaxesTagPlain).attributes }]));
  p.on('closetag', (t) => push(events, ['close', t.name]));
  p.on('text', (t) => {
    if (events.length > 0) push(events, ['text', t]);
  });
  p.on('cdata', (t) => push(events, ['text', t]));
  p.write(xml).close();
  // saxes reports whitespace after the root element as text; the scanner drops it
  while (events[events.length - 1]?.[0] === 'text') events.pop();
  return events;
}

function withScanner(xml: string, chunk = xml.length): Event[] {
  const events: Event[] = [];
  const s = new XmlScanner({
    open: (name, raw) => push(events, ['open', name, attributes(raw)]),
    close: (name) => push(events, ['close', name]),
    text: (t) => push(events, ['text', t]),
  });
  for (let k = 0; k < xml.length; k += Math.max(chunk, 1)) s.write(xml.slice(k, k + Math.max(chunk, 1)));
  s.close();
  return events;
}

async function xmlParts(file: string): Promise<[string, string][]> {
  const fh = await open(file, 'r');
  try {
    const archive = await ZipArchive.open(file, fh, (await fh.stat()).size, DEFAULT_ZIP_LIMITS);
    const out: [string, string][] = [];
    for (const entry of archive.entries) {
      if (!/\.(xml|rels)$/.test(entry.name)) continue;
      const chunks: Buffer[] = [];
      for await (const c of archive.chunks(entry)) chunks.push(c);
      out.push([entry.name, Buffer.concat(chunks).toString('utf8')]);
    }
    return out;
  } finally {
    await fh.close();
  }
}

describe('XmlScanner', () => {
  it('gives the same events as saxes on every XML part of the LibreOffice workbooks', async () => {
    const files = (await readdir(FIXTURES)).filter(
      (f) =>
        f.endsWith('.xlsx') &&
        !['truncated.xlsx', 'corrupt.xlsx', 'not-a-workbook.xlsx', 'zip-bomb.xlsx'].includes(f),
    );
    expect(files.length).toBeGreaterThanOrEqual(5);
    let parts = 0;
    for (const file of files) {
      for (const [name, xml] of await xmlParts(path.join(FIXTURES, file))) {
        const expected = withSaxes(xml);
        expect(withScanner(xml), `${file} ${name}`).toEqual(expected);
        for (const chunk of [1, 2, 3, 7, 64, 1000])
          expect(withScanner(xml, chunk), `${file} ${name} /${chunk}`).toEqual(expected);
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(30);
  });

  it('reads comments, processing instructions, CDATA, entities, both quotes and > in attribute values', () => {
    const xml = `<?xml version="1.0"?><!-- a <comment> --><a x='1' y="a&gt;b" z = "&#x5171;&#20139;"><b/>t&amp;&lt;&#x1F600;<![CDATA[<&>]]><?pi x?><c q="a>b"></c ></a>\n`;
    for (const chunk of [1, 5, xml.length]) expect(withScanner(xml, chunk)).toEqual(withSaxes(xml));
    expect(withScanner(xml)).toEqual([
      ['open', 'a', { x: '1', y: 'a>b', z: '共享' }],
      ['open', 'b', {}],
      ['close', 'b'],
      ['text', 't&<😀<&>'],
      ['open', 'c', { q: 'a>b' }],
      ['close', 'c'],
      ['close', 'a'],
    ]);
  });

  it.each([
    ['a tag closed by the wrong name', '<a><b></a></b>'],
    ['an element left open', '<a><b></b>'],
    ['no root', '  '],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>text'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a document type with entities', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ['an unclosed tag', '<a><b'],
    ['an unclosed comment', '<a><!-- x'],
    ['< inside a tag', '<a <b>'],
    ['a stray end tag', '</a>'],
  ])('refuses %s, as saxes does', (_, xml) => {
    expect(() => withSaxes(xml)).toThrow();
    expect(() => withScanner(xml)).toThrow(XmlSyntaxError);
    expect(() => withScanner(xml, 1)).toThrow(XmlSyntaxError);
  });

  it('refuses markup that grows past the limit instead of buffering it', () => {
    const s = new XmlScanner({ open: () => undefined, close: () => undefined, text: () => undefined });
    s.write('<a><!-- ');
    const chunk = 'x'.repeat(1 << 20);
    expect(() => {
      for (let k = 0; k < 20; k++) s.write(chunk);
    }).toThrow(/too long/);
  });

  it('hands on long text as it comes instead of holding it', () => {
    let held = 0;
    const s = new XmlScanner({
      open: () => undefined,
      close: () => undefined,
      text: (t) => (held += t.length),
    });
    s.write('<a>');
    for (let k = 0; k < 40; k++) s.write('y'.repeat(1 << 20));
    s.write('</a>');
    s.close();
    expect(held).toBe(40 << 20);
  });
});

describe('attributes', () => {
  it('finds attributes by name as written, with entities resolved', () => {
    const raw = ' r="A1" s = \'3\' t="s" r:id="rId2" v="&lt;&amp;"';
    expect(attr(raw, 'r')).toBe('A1');
    expect(attr(raw, 's')).toBe('3');
    expect(attr(raw, 'r:id')).toBe('rId2');
    expect(attr(raw, 'v')).toBe('<&');
    expect(attr(raw, 'id')).toBeUndefined();
    expect(attr('', 'r')).toBeUndefined();
    const out: (string | undefined)[] = [];
    pickAttributes(raw, ['t', 'r', 'x'], out);
    expect(out).toEqual(['s', 'A1', undefined]);
  });
  it('does not take a name inside another attribute value for an attribute', () => {
    expect(attr(' a=" r=&quot;x&quot;" b="1"', 'r')).toBeUndefined();
  });
  it('decodes entities', () => {
    expect(decodeEntities('&#65;&#x42;&quot;&apos;')).toBe(`AB"'`);
    expect(() => decodeEntities('&#0;')).toThrow(XmlSyntaxError);
    expect(() => decodeEntities('&#x110000;')).toThrow(XmlSyntaxError);
  });
});
