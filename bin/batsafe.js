#!/usr/bin/env node
// Entry point of the `batsafe` command. The TypeScript sources are compiled to dist/ by `npm run build`.
const path = require('path');
const fs = require('fs');
const main = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('batsafe: dist/ is missing; run `npm run build` in ' + path.join(__dirname, '..') + ' first.\n');
  process.exit(2);
}
require(main).main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { process.stderr.write(String(err && err.stack || err) + '\n'); process.exit(1); },
);
