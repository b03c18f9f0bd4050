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
import { parseBlock, splitBlocks, toParagraph } from './adf-from-text.js';
import { BLOCK_SEPARATOR, children, isInline, isNode, renderBlock, renderBlocks, renderInline } from './adf-to-text.js';

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
