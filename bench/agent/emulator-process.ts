import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatorReply, EmulatorRequest } from '../agent-emulators.ts';
import { root } from './bench-util.ts';
import { trackChild } from './child-processes.ts';

/** The emulator child process (bench/agent-emulators.ts), asked over IPC, one request at a time. */
export class Emulators {
  readonly child: ChildProcess;
  private readonly replies: EmulatorReply[] = [];
  private waiting: ((reply: EmulatorReply) => void) | undefined;

  constructor() {
    this.child = fork(join(root, 'bench/agent-emulators.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    trackChild(this.child);
    this.child.on('message', (reply: EmulatorReply) => {
      if (this.waiting) {
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting(reply);
      } else this.replies.push(reply);
    });
  }

  next(timeoutMs = 180_000): Promise<EmulatorReply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the emulator process did not answer')), timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        if (reply.kind === 'error') reject(new Error(`emulator process: ${reply.message}`));
        else resolve(reply);
      };
    });
  }

  async ask(request: EmulatorRequest): Promise<EmulatorReply> {
    this.child.send(request);
    return this.next();
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
