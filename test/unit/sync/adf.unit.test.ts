import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toAdf, toPlainText, type AdfNode } from '../../../src/domain/sync/adf.js';

const HOSTILE = [
  `It's "broken" \\ again: C:\\Users\\driver\\app`,
  '\' OR Id != null -- ; DROP TABLE cases; "key" = "x" OR 1=1',
  'נהג לא הגיע לאיסוף 🚕',
  'Водитель отменил заказ — деньги списаны ₽',
  'family emoji 👨‍👩‍👧‍👦 flags 🇮🇱🇬🇧 and ZWJ\u200d and BOM\ufeff',
  '\ttabs\r\nwindows lines\r\n\r\nand \u0000 null',
];

/** Every node type anywhere in a document. */
function typesIn(nodes: readonly AdfNode[]): string[] {
  return nodes.flatMap((n) => [n.type, ...typesIn(n.content ?? [])]);
}

describe('ADF conversion', () => {
  it('round-trips hostile plain text unchanged', () => {
    for (const text of HOSTILE) assert.equal(toPlainText(toAdf(text)), text);
  });

  it('round-trips any string, including ones built from the syntax it recognises', () => {
    const piece = fc.constantFrom('\n', '\n\n', '- ', '1. ', '2. ', '```', '```js\n', '\n```', ' ', '\\', '"', "'", '🚕', 'שלום', 'x');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(piece, { maxLength: 25 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => toPlainText(toAdf(value)) === value),
      { numRuns: 2000 },
    );
  });

  it('makes paragraphs of blank-line separated blocks and hard breaks of single line breaks', () => {
    const doc = toAdf('first line\nsecond line\n\nnext paragraph');
    assert.deepEqual(doc, {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'first line' }, { type: 'hardBreak' }, { type: 'text', text: 'second line' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'next paragraph' }] },
      ],
    });
  });

  it('recognises bullet lists, numbered lists and fenced code, with blank lines inside code', () => {
    const text = 'Steps:\n\n1. open the app\n2. tap pay\n\n- iOS 17\n- Android 14\n\n```json\n{"a": "b\\\\c"}\n\nmore\n```';
    const doc = toAdf(text);
    assert.deepEqual(
      doc.content.map((n) => n.type),
      ['paragraph', 'orderedList', 'bulletList', 'codeBlock'],
    );
    assert.deepEqual(doc.content[1]?.attrs, { order: 1 });
    assert.deepEqual(doc.content[3]?.attrs, { language: 'json' });
    assert.equal(doc.content[3]?.content?.[0]?.text, '{"a": "b\\\\c"}\n\nmore');
    assert.equal(toPlainText(doc), text);
  });

  it('never emits empty text nodes (Jira rejects them)', () => {
    const doc = toAdf('\n\n\na\n\n\n\n- \n\n');
    const texts: AdfNode[] = [];
    const walk = (nodes: readonly AdfNode[]) => nodes.forEach((n) => (n.type === 'text' ? texts.push(n) : walk(n.content ?? [])));
    walk(doc.content);
    assert.deepEqual(texts, [{ type: 'text', text: 'a' }]);
    assert.ok(typesIn(doc.content).includes('hardBreak'));
  });

  it('keeps a list-like block as a paragraph when the numbering would not survive', () => {
    const doc = toAdf('1. one\n3. three');
    assert.deepEqual(
      doc.content.map((n) => n.type),
      ['paragraph'],
    );
    assert.equal(toPlainText(doc), '1. one\n3. three');
  });

  it('flattens what people write in the Jira editor to readable text', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Root cause' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'mention', attrs: { id: 'abc', text: '@Dana' } },
            { type: 'text', text: ' see ', marks: [{ type: 'strong' }] },
            { type: 'inlineCard', attrs: { url: 'https://example.org/x' } },
            { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
          ],
        },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'outer' }] },
                { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inner' }] }] }] },
              ],
            },
          ],
        },
        { type: 'panel', attrs: { panelType: 'info' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'note' }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
      ],
    };
    assert.equal(toPlainText(doc), 'Root cause\n\n@Dana see https://example.org/x😄\n\n- outer\n  - inner\n\nnote\n\n> quoted');
  });

  it('answers empty text for malformed input and passes plain strings through', () => {
    assert.equal(toPlainText(null), '');
    assert.equal(toPlainText({ type: 'doc', content: 'nope' }), '');
    assert.equal(toPlainText('already text'), 'already text');
    assert.deepEqual(toAdf(''), { type: 'doc', version: 1, content: [] });
  });
});
