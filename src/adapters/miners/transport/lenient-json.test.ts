import { describe, expect, it } from 'vitest';
import { LenientJsonError, parseLenientJson } from './lenient-json.ts';

describe('parseLenientJson', () => {
  it('parses clean JSON with no defects', () => {
    expect(parseLenientJson('{"a":[1,2.5,{"b":"c"}],"d":true,"e":null}')).toEqual({
      value: { a: [1, 2.5, { b: 'c' }], d: true, e: null },
      defects: [],
    });
  });

  it('drops the NUL terminator cgminer sends, and NULs inside the reply', () => {
    expect(parseLenientJson('{"a":1}\0')).toEqual({ value: { a: 1 }, defects: ['nul-bytes'] });
    expect(parseLenientJson('{"a":\0 1}\0\0').value).toEqual({ a: 1 });
  });

  it('inserts the comma missing between objects in bmminer stats ("}{")', () => {
    const parsed = parseLenientJson('{"STATS":[{"Type":"Antminer D3"}{"STATS":0,"ID":"D10"}],"id":1}');
    expect(parsed.value).toEqual({ STATS: [{ Type: 'Antminer D3' }, { STATS: 0, ID: 'D10' }], id: 1 });
    expect(parsed.defects).toEqual(['missing-comma']);
  });

  it('accepts a missing comma between members and a trailing comma (",}")', () => {
    expect(parseLenientJson('{"a":1 "b":2,}')).toEqual({
      value: { a: 1, b: 2 },
      defects: ['missing-comma', 'trailing-comma'],
    });
    expect(parseLenientJson('[1,2,]').defects).toEqual(['trailing-comma']);
  });

  it('accepts a leading or doubled comma ("[,{")', () => {
    expect(parseLenientJson('{"A":[,{"x":1},,{"x":2}]}')).toEqual({
      value: { A: [{ x: 1 }, { x: 2 }] },
      defects: ['extra-comma'],
    });
  });

  it('turns bare inf, -inf and nan into null, never 0', () => {
    const parsed = parseLenientJson('{"a":inf,"b":-inf,"c":nan,"d":NaN,"e":Infinity,"f":"inf"}');
    expect(parsed.value).toEqual({ a: null, b: null, c: null, d: null, e: null, f: 'inf' });
    expect(parsed.defects).toEqual(['non-finite-number']);
  });

  it('accepts raw newlines inside strings', () => {
    expect(parseLenientJson('{"v":"20200101\n.REL"}')).toEqual({
      value: { v: '20200101\n.REL' },
      defects: ['control-character'],
    });
  });

  it('accepts the leading comma some Avalon firmware sends instead of "{"', () => {
    expect(parseLenientJson(',"id":1}')).toEqual({ value: { id: 1 }, defects: ['leading-comma'] });
  });

  it('ignores text after the first complete value', () => {
    expect(parseLenientJson('{"a":1}{"b":2}')).toEqual({ value: { a: 1 }, defects: ['trailing-data'] });
    expect(parseLenientJson('{"a":1}garbage\n').defects).toEqual(['trailing-data']);
  });

  it('closes a truncated reply, dropping the incomplete last element', () => {
    expect(parseLenientJson('{"POOLS":[{"URL":"a","Accepted":5},{"URL":"b","Acc')).toEqual({
      value: { POOLS: [{ URL: 'a', Accepted: 5 }, { URL: 'b' }] },
      defects: ['truncated'],
    });
    // a number running into the end may be missing digits: dropped, not guessed
    expect(parseLenientJson('{"a":1,"b":12').value).toEqual({ a: 1 });
    expect(parseLenientJson('{"a":tr').value).toEqual({});
  });

  it('throws LenientJsonError on text that is not JSON at all', () => {
    expect(() => parseLenientJson('')).toThrow(LenientJsonError);
    expect(() => parseLenientJson('\0')).toThrow(/empty reply/);
    expect(() => parseLenientJson('HTTP/1.1 400 Bad Request')).toThrow(/not \{ or \[/);
    expect(() => parseLenientJson('{"a":wat}')).toThrow(/unexpected word/);
    expect(() => parseLenientJson('{"a" 1}')).toThrow(/expected ":"/);
  });
});
