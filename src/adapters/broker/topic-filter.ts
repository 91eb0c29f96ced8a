/**
 * MQTT topic-filter matching (MQTT 3.1.1 section 4.7): `+` matches one level, `#` (last level only)
 * matches the parent and any number of levels below it. A filter starting with a wildcard does not
 * match topics starting with `$` (broker-internal topics).
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return i === filterLevels.length - 1;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** A well-formed filter: non-empty, `#` only as the whole last level, `+` only as a whole level. */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

/** A well-formed topic to publish to: non-empty, no wildcards. */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}
