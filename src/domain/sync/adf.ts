/**
 * Plain text ↔ Atlassian Document Format (ADF), the rich-text JSON Jira Cloud uses for
 * descriptions and comments.
 *
 * Text → ADF recognises a small, unambiguous subset: blocks separated by one blank line become
 * paragraphs (single line breaks become hard breaks), blocks whose every line starts with `- `
 * become bullet lists, `1. 2. 3.` numbered lines become ordered lists and ```-fenced blocks become
 * code blocks. Each block is rendered back before it is accepted, and falls back to plain
 * paragraphs when the rendering would differ, so `toPlainText(toAdf(text)) === text` for every
 * string (Unicode, emoji, quotes, backslashes, odd whitespace included).
 *
 * ADF → text also reads what people write in Jira's editor (headings, quotes, panels, tables,
 * mentions, emoji, links) and flattens it to readable text; marks such as bold are dropped.
 */

/** One ADF node; only the parts read or written here are typed. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/** A whole ADF document (`version` is always 1). */
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

const BLOCK_SEPARATOR = '\n\n';
const BULLET = /^- /;
const ORDERED = /^(0|[1-9]\d*)\. /;
const FENCE = '```';
/** A code block language tag we are willing to carry over (anything else stays in the text). */
const LANGUAGE = /^[A-Za-z0-9_+#.-]*$/;

/** Converts plain text to an ADF document that renders back to exactly the same text. */
export function toAdf(text: string): AdfDocument {
  if (text === '') return { type: 'doc', version: 1, content: [] };
  const content: AdfNode[] = [];
  for (const source of splitBlocks(text)) {
    const block = parseBlock(source);
    if (block && renderBlock(block) === source) content.push(block);
    else content.push(...source.split(BLOCK_SEPARATOR).map(toParagraph));
  }
  return { type: 'doc', version: 1, content };
}

/** Renders an ADF document (or any ADF node) as plain text; unknown or malformed input gives ''. */
export function toPlainText(document: unknown): string {
  if (!isNode(document)) return typeof document === 'string' ? document : '';
  if (document.type === 'doc') return renderBlocks(children(document));
  return isInline(document) ? renderInline([document]) : renderBlock(document);
}

/**
 * Splits text into block sources joined by blank lines. A fenced code block may itself contain
 * blank lines, so pieces from an opening fence up to the piece that closes it are kept together.
 * `splitBlocks(text).join(BLOCK_SEPARATOR) === text` always holds.
 */
function splitBlocks(text: string): string[] {
  const pieces = text.split(BLOCK_SEPARATOR);
  const blocks: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i] as string;
    if (piece.startsWith(FENCE) && !isClosedFence(piece)) {
      const close = pieces.findIndex((candidate, j) => j > i && isClosingPiece(candidate));
      if (close !== -1) {
        blocks.push(pieces.slice(i, close + 1).join(BLOCK_SEPARATOR));
        i = close + 1;
        continue;
      }
    }
    blocks.push(piece);
    i++;
  }
  return blocks;
}

function isClosedFence(piece: string): boolean {
  return piece.length > FENCE.length && piece.endsWith(`\n${FENCE}`);
}

function isClosingPiece(piece: string): boolean {
  return piece === FENCE || piece.endsWith(`\n${FENCE}`);
}

function parseBlock(source: string): AdfNode | undefined {
  if (source.startsWith(FENCE) && source.endsWith(`\n${FENCE}`)) {
    const firstBreak = source.indexOf('\n');
    const language = source.slice(FENCE.length, firstBreak);
    const code = source.slice(firstBreak + 1, source.length - FENCE.length - 1);
    if (!LANGUAGE.test(language) || code === '') return undefined;
    return { type: 'codeBlock', ...(language ? { attrs: { language } } : {}), content: [{ type: 'text', text: code }] };
  }
  const lines = source.split('\n');
  if (lines.every((line) => BULLET.test(line))) {
    return { type: 'bulletList', content: lines.map((line) => toListItem(line.slice(2))) };
  }
  const first = ORDERED.exec(lines[0] ?? '');
  if (first) {
    const order = Number(first[1]);
    const numbered = lines.every((line, index) => line.startsWith(`${order + index}. `));
    if (numbered) {
      return {
        type: 'orderedList',
        attrs: { order },
        content: lines.map((line, index) => toListItem(line.slice(`${order + index}. `.length))),
      };
    }
  }
  return toParagraph(source);
}

function toListItem(text: string): AdfNode {
  return { type: 'listItem', content: [toParagraph(text)] };
}

function toParagraph(text: string): AdfNode {
  const content: AdfNode[] = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    // ADF forbids empty text nodes.
    if (line !== '') content.push({ type: 'text', text: line });
  });
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

const INLINE_TYPES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status', 'placeholder', 'mediaInline', 'inlineExtension']);

function isInline(node: AdfNode): boolean {
  return INLINE_TYPES.has(node.type);
}

function renderBlocks(nodes: readonly AdfNode[]): string {
  return nodes.map(renderBlock).join(BLOCK_SEPARATOR);
}

function children(node: AdfNode): AdfNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function renderBlock(node: AdfNode): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return renderInline(children(node));
    case 'codeBlock': {
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language : '';
      return `${FENCE}${language}\n${renderInline(children(node))}\n${FENCE}`;
    }
    case 'bulletList':
      return children(node)
        .map((item) => prefixLines(renderListItem(item), '- '))
        .join('\n');
    case 'orderedList': {
      const start = typeof node.attrs?.order === 'number' ? node.attrs.order : 1;
      return children(node)
        .map((item, index) => prefixLines(renderListItem(item), `${start + index}. `))
        .join('\n');
    }
    case 'blockquote':
      return prefixLines(renderBlocks(children(node)), '> ');
    case 'rule':
      return '---';
    case 'table':
      return children(node)
        .map((row) =>
          children(row)
            .map((cell) => renderBlocks(children(cell)).replace(/\n+/g, ' '))
            .join(' | '),
        )
        .join('\n');
    case 'mediaSingle':
    case 'mediaGroup':
      return '';
    default:
      // panels, expands, layouts, decision and task lists: keep the words, drop the frame.
      return node.content ? (children(node).every(isInline) ? renderInline(children(node)) : renderBlocks(children(node))) : renderInline([node]);
  }
}

/** A list item's blocks, one per line; the caller's prefix indents nested lists under the item. */
function renderListItem(item: AdfNode): string {
  return children(item).map(renderBlock).join('\n');
}

/** Prefixes the first line with `prefix` and indents the others to match. */
function prefixLines(text: string, prefix: string): string {
  const indent = ' '.repeat(prefix.length);
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? prefix : line === '' ? '' : indent) + line)
    .join('\n');
}

function renderInline(nodes: readonly AdfNode[]): string {
  let out = '';
  for (const node of nodes) {
    const attrs = node.attrs ?? {};
    switch (node.type) {
      case 'text':
        out += typeof node.text === 'string' ? node.text : '';
        break;
      case 'hardBreak':
        out += '\n';
        break;
      case 'mention':
        out += typeof attrs.text === 'string' ? attrs.text : '@someone';
        break;
      case 'emoji':
        out += typeof attrs.text === 'string' ? attrs.text : typeof attrs.shortName === 'string' ? attrs.shortName : '';
        break;
      case 'inlineCard':
        out += typeof attrs.url === 'string' ? attrs.url : '';
        break;
      case 'date':
        out += typeof attrs.timestamp === 'string' ? new Date(Number(attrs.timestamp)).toISOString().slice(0, 10) : '';
        break;
      case 'status':
        out += typeof attrs.text === 'string' ? attrs.text : '';
        break;
      default:
        out += node.content ? renderInline(children(node)) : '';
    }
  }
  return out;
}
