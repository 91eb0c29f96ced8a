import { z } from 'zod';
import { SwitchyardError } from '../../core/errors/index.ts';

/** How one quantity sits in the meter's registers. */
export const registerFieldSchema = z
  .object({
    /** 0-based register address (the PDU address, not the 3xxxx/4xxxx reference number). */
    address: z.number().int().min(0).max(0xffff),
    /** IEEE 754 float32 or integers over one (16) or two (32) registers. */
    type: z.enum(['float32', 'int16', 'uint16', 'int32', 'uint32']),
    /** Multiply the raw value by this to get W (power) or Wh (energy), e.g. 1000 for kWh. */
    scale: z.number().finite().positive().default(1),
    /** Two-register values: `high-first` (big-endian words, the Modbus default) or `low-first`. */
    wordOrder: z.enum(['high-first', 'low-first']).default('high-first'),
  })
  .strict();

/** A meter model's register map: which function reads it and where the three quantities are. */
export const registerMapSchema = z
  .object({
    model: z.string().min(1),
    /** 4 = input registers, 3 = holding registers. */
    functionCode: z.union([z.literal(3), z.literal(4)]),
    /** Total active power of the three phases (W after scale; positive = import). */
    activePower: registerFieldSchema,
    /** Cumulative imported active energy (Wh after scale). */
    importedEnergy: registerFieldSchema,
    exportedEnergy: registerFieldSchema.optional(),
  })
  .strict();

export type RegisterField = z.infer<typeof registerFieldSchema>;
export type RegisterMap = z.infer<typeof registerMapSchema>;

/**
 * Eastron SDM630 (Modbus protocol V1.5, input registers, float32 high word first): total system
 * power 30053 (address 0x0034) in W, total import kWh 30073 (0x0048), total export kWh 30075 (0x004A).
 */
export const SDM630: RegisterMap = registerMapSchema.parse({
  model: 'eastron-sdm630',
  functionCode: 4,
  activePower: { address: 0x0034, type: 'float32' },
  importedEnergy: { address: 0x0048, type: 'float32', scale: 1000 },
  exportedEnergy: { address: 0x004a, type: 'float32', scale: 1000 },
});

/** Known meter models by name; any other meter is described by its own map in the agent config. */
export const METER_MODELS: Readonly<Record<string, RegisterMap>> = { [SDM630.model]: SDM630 };

/** Registers a field spans. */
export function fieldWidth(field: RegisterField): 1 | 2 {
  return field.type === 'int16' || field.type === 'uint16' ? 1 : 2;
}

/** The field's value (scaled) from the registers read starting at `base`. */
export function readField(field: RegisterField, registers: readonly number[], base: number): number {
  const at = field.address - base;
  const words = registers.slice(at, at + fieldWidth(field));
  if (at < 0 || words.length !== fieldWidth(field))
    throw new SwitchyardError('SY_ERR_INTERNAL', `register ${field.address} was not read`);
  const buffer = Buffer.alloc(4);
  if (words.length === 1) buffer.writeUInt16BE(words[0]!, 0);
  else {
    const [first, second] = field.wordOrder === 'high-first' ? words : [words[1]!, words[0]!];
    buffer.writeUInt16BE(first!, 0);
    buffer.writeUInt16BE(second!, 2);
  }
  const raw =
    field.type === 'float32'
      ? buffer.readFloatBE(0)
      : field.type === 'int16'
        ? buffer.readInt16BE(0)
        : field.type === 'uint16'
          ? buffer.readUInt16BE(0)
          : field.type === 'int32'
            ? buffer.readInt32BE(0)
            : buffer.readUInt32BE(0);
  return raw * field.scale;
}

/** The registers of a value, for an emulated meter: the inverse of readField. */
export function encodeField(field: RegisterField, value: number): number[] {
  const raw = value / field.scale;
  const buffer = Buffer.alloc(4);
  if (field.type === 'float32') buffer.writeFloatBE(raw, 0);
  else if (field.type === 'int16') buffer.writeInt16BE(Math.round(raw), 0);
  else if (field.type === 'uint16') buffer.writeUInt16BE(Math.round(raw), 0);
  else if (field.type === 'int32') buffer.writeInt32BE(Math.round(raw), 0);
  else buffer.writeUInt32BE(Math.round(raw), 0);
  if (fieldWidth(field) === 1) return [buffer.readUInt16BE(0)];
  const high = buffer.readUInt16BE(0);
  const low = buffer.readUInt16BE(2);
  return field.wordOrder === 'high-first' ? [high, low] : [low, high];
}

/** The smallest block of registers holding every field of the map: [first address, count]. */
export function registerSpan(map: RegisterMap): { address: number; quantity: number } {
  const fields = [map.activePower, map.importedEnergy, ...(map.exportedEnergy ? [map.exportedEnergy] : [])];
  const first = Math.min(...fields.map((f) => f.address));
  const end = Math.max(...fields.map((f) => f.address + fieldWidth(f)));
  return { address: first, quantity: end - first };
}
