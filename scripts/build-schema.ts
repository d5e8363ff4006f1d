// Concatenates the per-domain schema files in schema/ into schema.graphql, the one file that
// Apollo, codegen and clients read. `--check` exits 1 when schema.graphql is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const partsDir = path.join(root, 'schema');
const target = path.join(root, 'schema.graphql');

const parts = fs
  .readdirSync(partsDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort();
const header = '# Generated from schema/*.graphql by `npm run schema`: edit those files, not this one.\n\n';
const text = header + parts.map((f) => fs.readFileSync(path.join(partsDir, f), 'utf8').trim() + '\n').join('\n');
buildSchema(text); // throws on an invalid schema, naming the line

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('schema.graphql is stale: run npm run schema and commit the result');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
  console.log(`schema.graphql written from ${parts.length} files in schema/`);
}
