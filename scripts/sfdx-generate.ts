/**
 * `npm run sfdx:generate`: writes the SFDX project under salesforce/ from the Case field definition
 * (src/domain/salesforce/). With `--check`, writes nothing and exits 1 when a file differs or is
 * missing, or a generated folder holds a file the definition does not produce.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSfdxProject, SOURCE_DIR } from './sfdx/project.js';

const SALESFORCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'salesforce');

/** Every file under `dir`, relative to salesforce/. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(SALESFORCE_DIR, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** What differs between the committed project and the generated one. */
export function findDifferences(root = SALESFORCE_DIR): string[] {
  const files = buildSfdxProject();
  const expected = new Set(files.map((f) => f.path));
  const problems: string[] = [];
  for (const file of files) {
    const path = join(root, file.path);
    if (!existsSync(path)) problems.push(`missing: ${file.path}`);
    else if (readFileSync(path, 'utf8') !== file.content) problems.push(`differs: ${file.path}`);
  }
  for (const path of listFiles(join(root, SOURCE_DIR))) if (!expected.has(path)) problems.push(`not generated: ${path}`);
  return problems;
}

function write(): void {
  rmSync(join(SALESFORCE_DIR, SOURCE_DIR), { recursive: true, force: true });
  for (const file of buildSfdxProject()) {
    const path = join(SALESFORCE_DIR, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  console.log(`wrote ${buildSfdxProject().length} files under salesforce/`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const problems = findDifferences();
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) {
      console.error('salesforce/ is out of date: run npm run sfdx:generate');
      process.exit(1);
    }
    console.log('salesforce/ matches the Case field definition');
  } else {
    write();
  }
}
