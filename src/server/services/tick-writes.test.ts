import { describe, expect, it } from 'vitest';
import { TickWrites } from './tick-writes.ts';

describe('TickWrites', () => {
  it('records a failed writer and goes on with the next write', async () => {
    const warned: string[] = [];
    const writes = new TickWrites({ warn: (_details, message) => warned.push(message) });
    const written: string[] = [];
    expect(await writes.attempt('storage', 'site-a', 'setpoint', async () => written.push('a'))).toBe(1);
    expect(
      await writes.attempt('broker', 'site-a', 'setpoint publish', async () => {
        throw new Error('broker down');
      }),
    ).toBeUndefined();
    await writes.attempt('storage', 'site-b', 'setpoint', async () => written.push('b'));
    expect(written).toEqual(['a', 'b']);
    expect(writes.failed).toEqual([
      { writer: 'broker', subject: 'site-a', output: 'setpoint publish', error: 'broker down' },
    ]);
    expect(warned).toEqual(['setpoint publish of site-a not written (broker)']);
  });
});
