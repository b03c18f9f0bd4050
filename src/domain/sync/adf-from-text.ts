/**
 * Text → ADF: the block syntax toAdf recognises (fences, `- ` bullets, `1. ` numbered lines,
 * paragraphs with hard breaks). Apart from the rendering (adf-to-text.ts) because it reads plain
 * text and builds nodes; toAdf (adf.ts) renders each block back to check it.
 */
import type { AdfNode } from './adf.js';
import { BLOCK_SEPARATOR, FENCE } from './adf-to-text.js';

const BULLET = /^- /;
const ORDERED = /^(0|[1-9]\d*)\. /;
/** A code block language tag we are willing to carry over (anything else stays in the text). */
const LANGUAGE = /^[A-Za-z0-9_+#.-]*$/;

/**
 * Splits text into block sources joined by blank lines. A fenced code block may itself contain
 * blank lines, so pieces from an opening fence up to the piece that closes it are kept together.
 * `splitBlocks(text).join(BLOCK_SEPARATOR) === text` always holds.
 */
export function splitBlocks(text: string): string[] {
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

export function parseBlock(source: string): AdfNode | undefined {
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

export function toParagraph(text: string): AdfNode {
  const content: AdfNode[] = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    // ADF forbids empty text nodes.
    if (line !== '') content.push({ type: 'text', text: line });
  });
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}
