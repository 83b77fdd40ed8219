#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, which `npm start` runs first).
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'bot', 'cli.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('madoguchi: not built yet; run `npm run build` (npm start does it for you)\n');
  process.exit(1);
}
require(compiled).main(process.argv).catch((err) => {
  process.stderr.write(`madoguchi: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
