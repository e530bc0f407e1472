#!/usr/bin/env node
// The compiled CLI: `npm ci` builds dist/ (the prepare script).
require("../dist/cli/main").run(process.argv.slice(2));
