#!/usr/bin/env node
// Launcher: registers tsx's TypeScript loader in this process and runs the CLI, so `switchyard`
// works without a build step and signals (Ctrl-C, SIGTERM, SIGKILL) reach the program itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
