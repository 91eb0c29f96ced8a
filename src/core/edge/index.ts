export * from './edge-limits.ts';
