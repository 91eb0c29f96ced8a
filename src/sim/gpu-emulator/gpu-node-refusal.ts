/**
 * What an emulated GPU node answers when it will not do something (as a device would refuse it); the
 * node's HTTP API maps `kind` to 404, 409 or 400. Not a Switchyard error: it never leaves the emulator.
 */
export class GpuNodeRefusal extends Error {
  readonly kind: 'not-found' | 'conflict' | 'invalid';

  constructor(kind: GpuNodeRefusal['kind'], message: string) {
    super(message);
    this.name = 'GpuNodeRefusal';
    this.kind = kind;
  }
}
