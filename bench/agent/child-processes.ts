import type { ChildProcess } from 'node:child_process';

/** Child processes alive now (killed if this process exits first). */
const children = new Set<ChildProcess>();

/** Counts `child` as alive until it exits. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/**
 * Should this process end abruptly, the child processes end with it. Returns the function that
 * takes that back.
 */
export function killChildrenOnExit(): () => void {
  const killChildren = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killChildren);
  return () => process.off('exit', killChildren);
}
