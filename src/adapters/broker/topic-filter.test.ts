import { describe, expect, it } from 'vitest';
import { isValidTopicFilter, isValidTopicName, topicMatches } from './topic-filter.ts';

describe('topicMatches', () => {
  it.each([
    ['a/b/c', 'a/b/c', true],
    ['a/b/c', 'a/b', false],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a/b/c', false],
    ['a/+', 'a/', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['a/#', 'b/c', false],
    ['#', 'a/b', true],
    ['+/b', 'a/b', true],
    ['#', '$SYS/x', false],
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['switchyard/v1/sites/+/telemetry', 'switchyard/v1/sites/s1/telemetry', true],
    ['switchyard/v1/sites/+/telemetry', 'switchyard/v1/sites/s1/acks', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('validates filters and topic names', () => {
    expect(isValidTopicFilter('a/+/#')).toBe(true);
    expect(isValidTopicFilter('a/#/b')).toBe(false);
    expect(isValidTopicFilter('a/b+')).toBe(false);
    expect(isValidTopicFilter('')).toBe(false);
    expect(isValidTopicName('a/b')).toBe(true);
    expect(isValidTopicName('a/+')).toBe(false);
  });
});
