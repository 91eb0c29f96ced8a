#!/usr/bin/env node
// Launcher. In production it runs the compiled program (dist/, `npm run build`) on plain node; in a
// source checkout without a build, or when src/ changed after the build, it registers tsx's
// TypeScript loader in this process and runs src/ (development). SWITCHYARD_SOURCE=1 forces src/.
// Either way signals (Ctrl-C, SIGTERM, SIGKILL) reach the program itself.
import { useCompiled } from './use-compiled.js';

if (useCompiled()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
