/**
 * ADF → text: renders blocks and inline nodes as plain text, including what Jira's editor writes
 * beyond toAdf's subset (headings, quotes, panels, tables, mentions, emoji, links). It also owns the
 * plain-text shape (blank-line block separator, code fence) that adf-from-text.ts parses.
 */
import type { AdfNode } from './adf.js';

export const BLOCK_SEPARATOR = '\n\n';
export const FENCE = '```';

export function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

const INLINE_TYPES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status', 'placeholder', 'mediaInline', 'inlineExtension']);

export function isInline(node: AdfNode): boolean {
  return INLINE_TYPES.has(node.type);
}

export function renderBlocks(nodes: readonly AdfNode[]): string {
  return nodes.map(renderBlock).join(BLOCK_SEPARATOR);
}

export function children(node: AdfNode): AdfNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

export function renderBlock(node: AdfNode): string {
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

export function renderInline(nodes: readonly AdfNode[]): string {
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
