/**
 * The example config/classification.yaml as the classification benches measure it: parsed and
 * cross-checked, so a bench never reports figures for a config `config check` would refuse.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkClassification } from '../../src/config/schemas/classification-checks.js';
import { classificationFileSchema } from '../../src/config/schemas/classification.js';
import type { ClassificationConfig } from '../../src/config/schemas/classification.js';

/** The repository's config directory (model files are relative to it). */
export const shippedConfigDir = fileURLToPath(new URL('../../config', import.meta.url));

export function loadShippedClassification(): ClassificationConfig {
  const config = classificationFileSchema.parse(parse(readFileSync(path.join(shippedConfigDir, 'classification.yaml'), 'utf8')));
  const problems = checkClassification(config);
  if (problems.length > 0) throw new Error(`config/classification.yaml has problems (run config check): ${problems.map((p) => p.message).join('; ')}`);
  return config;
}
