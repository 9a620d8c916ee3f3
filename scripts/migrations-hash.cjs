// `${file(./scripts/migrations-hash.cjs)}` in serverless.yml: the hash of migrations/*.sql at
// package time, given to the DatabaseMigrations custom resource. db_migrate computes the
// same over the files in its own artifact (migrationsHash in src/adapters/postgres/migrate.ts;
// test/unit/migrations-hash.test.ts checks they agree) and migrates only when the two match,
// so a stack rollback (old properties, new function) does not fail a second time.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

function migrationsHash(dir = path.join(__dirname, '..', 'migrations')) {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name)).sort()) {
    hash.update(`${file.replace(/\.sql$/, '')}\n${readFileSync(path.join(dir, file), 'utf8')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

module.exports = () => migrationsHash();
module.exports.migrationsHash = migrationsHash;
