#!/usr/bin/env node
// Runs the compiled JavaScript (`npm run build` → dist/) when it exists and is newer than every
// TypeScript source; otherwise the sources through tsx, so `npm install && npm start` needs no build
// step and an edited source is never shadowed by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const compiled = new URL('dist/src/cli.js', root);

/** Newest modification time (ms) of the .ts files under a directory. */
function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildCurrent() {
  if (!existsSync(compiled)) return false;
  const builtMs = statSync(compiled).mtimeMs;
  return ['src/', 'migrations/'].every((dir) => !existsSync(new URL(dir, root)) || newestSourceMs(new URL(dir, root)) <= builtMs);
}

if (isBuildCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
