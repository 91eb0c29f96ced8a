/**
 * `true` when A and B have the same keys and each is assignable to the other, readonly aside;
 * `false` otherwise. A contract pins itself to the record it describes with
 * `const pinned: SameShape<X, Y> = true`, so a field added to one and not the other fails the type
 * check instead of vanishing from responses.
 */
export type SameShape<A, B> = Same<Writable<A>, Writable<B>>;

type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;

/** T with every readonly modifier removed, arrays included, all the way down. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
