/**
 * `npm run bench -- <name> [args...]`: imports bench/<name>.ts and calls its `run(args)`.
 */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  process.stderr.write('usage: npm run bench -- <name> [args...]   (runs bench/<name>.ts)\n');
  process.exitCode = 1;
} else {
  const module = (await import(`./${name}.ts`)) as { run: (args: string[]) => Promise<void> };
  await module.run(process.argv.slice(3));
}
