/**
 * Prints a model parameter for a human description: at most six significant digits, no float
 * noise (`-0.4` rather than `-0.39999999999999997`), no trailing zeros. Internal to this folder.
 */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
