import { type Static, Type } from 'typebox';

export const RoleContract = Type.Union([
  Type.Literal('admin'),
  Type.Literal('operator'),
  Type.Literal('tenant'),
  Type.Literal('agent'),
]);

/** Who the presented key is. */
export const MeContract = Type.Object({
  keyId: Type.String(),
  role: RoleContract,
  siteId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  /** The server's clock (replayed history runs faster than the wall clock), epoch ms. */
  nowMs: Type.Number(),
});
export type Me = Static<typeof MeContract>;

/** An API key as listed: everything but the secret's hash. */
export const ApiKeyContract = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleContract,
  siteId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  createdAtMs: Type.Number(),
  revokedAtMs: Type.Optional(Type.Number()),
});
