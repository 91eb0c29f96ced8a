#!/usr/bin/env node
// `npm run build`: compiles src/ to plain JavaScript in dist/ (tsc -p tsconfig.build.json, relative
// `.ts` imports rewritten to `.js`), then copies the files the program reads at run time beside its
// modules (SQL migrations, the report worker's boot module). `bin/switchyard.js` runs dist/ when it is
// there and not older than src/, so production runs plain node; tsx stays a development tool.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const ASSETS = new Set(['.sql', '.mjs']);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

let copied = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (ASSETS.has(extname(entry.name))) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      copied += 1;
    }
  }
};
walk(src);
console.log(`built dist/ (${copied} run-time files copied beside the modules)`);
