/**
 * File I/O for classification: reading labelled CSV files and reading/writing model files. The
 * model file is JSON; the large arrays are base64 of little-endian binary so the file stays a few
 * megabytes and loads fast: IDF as float32, weights as int16 times one `weightScale` (measured on
 * the IT helpdesk set: the same predictions as float32, at half the size).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { MODEL_FORMAT } from '../domain/classification/model.js';
import type { LinearTextModel } from '../domain/classification/model.js';
import type { ClassificationConfig } from '../config/schemas/classification.js';
import { extractLabelledRows } from './labelled-rows.js';
import type { LabelledColumns, LabelledRows } from './labelled-rows.js';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a CSV file and extracts labelled rows (see labelled-rows.ts for the checks). */
export function readLabelledCsv(path: string, columns: LabelledColumns): LabelledRows {
  return extractLabelledRows(readText(path, 'CSV file'), columns, path);
}

function encodeBytes(values: Float32Array | Int32Array | Int16Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decodeBytes(base64: string, expectedLength: number, bytesPerValue: number, field: string, path: string): ArrayBuffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== expectedLength * bytesPerValue) {
    throw new InvalidInputError(`${path}: model field "${field}" holds ${bytes.length / bytesPerValue} numbers, expected ${expectedLength}`);
  }
  // Copy into a fresh, aligned buffer: Buffer's pool offset may not be a multiple of 4.
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

const INT16_MAX = 32767;

/** Quantises weights to int16 with one scale: `weight ≈ int16 * scale`. */
function quantizeWeights(weights: Float32Array): { quantized: Int16Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / INT16_MAX : 1;
  return { quantized: Int16Array.from(weights, (w) => Math.round(w / scale)), scale };
}

const range = z.tuple([z.number().int().min(1), z.number().int().min(1)]).nullable();
const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    labels: z.array(z.string()).min(2),
    features: z
      .object({
        wordNgrams: range,
        charNgrams: range,
        minWordLength: z.number().int().min(1),
        sublinearTf: z.boolean(),
        stemming: z.boolean(),
        concepts: z.boolean().optional(),
        conceptPairs: z.boolean().optional(),
        hashBits: z.number().int().min(8).max(26),
      })
      .strict(),
    featureCount: z.number().int().min(1),
    buckets: z.string(),
    idf: z.string(),
    weights: z.string(),
    weightScale: z.number().positive(),
    bias: z.array(z.number()),
    confidenceScale: z.number().positive(),
    trainedOn: z.object({ rows: z.number(), textColumns: z.array(z.string()), labelColumn: z.string(), C: z.number(), minDf: z.number(), nbBlend: z.number().min(0).max(1).optional() }).strict(),
  })
  .strict();

/** Serialises a model to the JSON text of a model file. */
export function toModelFileText(model: LinearTextModel): string {
  const { idf, weights, bias, buckets, ...rest } = model;
  const { quantized, scale } = quantizeWeights(weights);
  return JSON.stringify({
    ...rest,
    featureCount: buckets.length,
    buckets: encodeBytes(buckets),
    bias: Array.from(bias),
    idf: encodeBytes(idf),
    weights: encodeBytes(quantized),
    weightScale: scale,
  });
}

/** Parses model file text; throws InvalidInputError naming the first field that does not fit. */
export function fromModelFileText(text: string, path: string): LinearTextModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${path}: not a JSON model file: ${(error as Error).message}`, { cause: error });
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format.startsWith('casebridge-linear-text/') && format !== MODEL_FORMAT) {
    throw new InvalidInputError(`${path}: a model file of format ${format}; this casebridge reads ${MODEL_FORMAT}: train it again with casebridge classify train`);
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`${path}: not a casebridge model file (${MODEL_FORMAT}): ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  if (data.bias.length !== data.labels.length) throw new InvalidInputError(`${path}: model has ${data.labels.length} labels but ${data.bias.length} biases`);
  const { weightScale, featureCount, ...rest } = data;
  const quantized = new Int16Array(decodeBytes(data.weights, featureCount * data.labels.length, 2, 'weights', path));
  const buckets = new Int32Array(decodeBytes(data.buckets, featureCount, 4, 'buckets', path));
  if (buckets.some((bucket, f) => bucket < 0 || bucket >= 2 ** data.features.hashBits || (f > 0 && bucket <= (buckets[f - 1] as number)))) {
    throw new InvalidInputError(`${path}: model field "buckets" must hold ascending buckets below 2^${data.features.hashBits}`);
  }
  return {
    ...rest,
    buckets,
    idf: new Float32Array(decodeBytes(data.idf, featureCount, 4, 'idf', path)),
    weights: Float32Array.from(quantized, (q) => q * weightScale),
    bias: Float32Array.from(data.bias),
  };
}

/** Writes `text` to `path` atomically: a reader (a starting worker) sees the old file or the new one, never half of one. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export function writeModelFile(path: string, model: LinearTextModel): number {
  const text = toModelFileText(model);
  writeFileAtomically(path, text);
  return Buffer.byteLength(text);
}

export function readModelFile(path: string): LinearTextModel {
  return fromModelFileText(readText(path, 'model file'), path);
}

/**
 * Reads the model named by `model.file` in classification.yaml (relative to the config directory),
 * or returns undefined when the config names none: rules alone then decide.
 */
export function readConfiguredModel(configDir: string, config: ClassificationConfig): LinearTextModel | undefined {
  return config.model.file ? readModelFile(nodePath.resolve(configDir, config.model.file)) : undefined;
}
