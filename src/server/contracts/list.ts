import { type TSchema, Type } from 'typebox';

/** An array in a response: read-only in its static type, so services may return readonly arrays. */
export function List<Item extends TSchema>(item: Item) {
  return Type.Immutable(Type.Array(item));
}

/** A value or null. */
export function Nullable<Value extends TSchema>(value: Value) {
  return Type.Union([value, Type.Null()]);
}
