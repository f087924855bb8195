#!/usr/bin/env node
// Entry point of the `realname-pos` command; the code is bundled by `npm run build`.
import "../build/js/cli.mjs";
