#!/usr/bin/env node
// The `hearth` command of an installed, built Hearth (dist/ must exist: `npm run build`).
import "../../dist/hearth.mjs";
