import type { AdfNode } from './model.js';

/** Minimal Atlassian Document Format support: validation of the outer shape, plain text in and out. */

/** True when the value is an ADF document: `{ type: 'doc', version: 1, content: [...] }`. */
export function isAdfDocument(value: unknown): value is AdfNode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const node = value as Record<string, unknown>;
  return node['type'] === 'doc' && node['version'] === 1 && Array.isArray(node['content']) && hasValidNodes(node['content']);
}

function hasValidNodes(content: unknown[]): boolean {
  return content.every((child) => {
    if (typeof child !== 'object' || child === null) return false;
    const node = child as Record<string, unknown>;
    if (typeof node['type'] !== 'string') return false;
    if (node['type'] === 'text' && typeof node['text'] !== 'string') return false;
    return node['content'] === undefined || (Array.isArray(node['content']) && hasValidNodes(node['content']));
  });
}

/** Wraps plain text in an ADF document, one paragraph per line. */
export function toAdfDocument(text: string): AdfNode {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line === '' ? [] : [{ type: 'text', text: line }],
    })),
  };
}

/** The text of an ADF document (paragraphs joined by newlines), for changelog strings and demo output. */
export function toPlainText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as Record<string, unknown>;
  if (record['type'] === 'text' && typeof record['text'] === 'string') return record['text'];
  if (record['type'] === 'hardBreak') return '\n';
  const children = Array.isArray(record['content']) ? record['content'] : [];
  const parts = children.map(toPlainText);
  return record['type'] === 'doc' || record['type'] === 'bulletList' ? parts.join('\n') : parts.join('');
}
