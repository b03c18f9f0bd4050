/**
 * Where the console's templates and assets are on disk. They are read at runtime, never compiled:
 * from the sources (tsx, `src/console/`) and from a build (`dist/src/console/`, which holds only
 * JavaScript) alike, the files are found in the source tree next to this module's source.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `src/console/<name>` whether this module runs from src/ or from dist/src/. */
export function findConsoleDir(name: 'views' | 'assets'): string {
  const candidates = [join(here, name), resolve(here, '../../../src/console', name)];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`console ${name} not found; looked in ${candidates.join(' and ')}`);
  return found;
}

/** The UMD build of chart.js from node_modules (its package exports do not name it, so it is found beside the main file). */
export function findChartJsFile(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(main), 'chart.umd.min.js');
}
