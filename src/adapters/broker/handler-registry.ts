import type { MessageHandler } from './broker-client.ts';
import { topicMatches } from './topic-filter.ts';

/** Most messages held for a subscribe() that has not come yet; the oldest go first. */
export const MAX_UNCLAIMED_MESSAGES = 10_000;

interface Entry {
  readonly filter: string;
  readonly handler: MessageHandler;
}

/**
 * Routes incoming messages to the handlers whose filter matches. A persistent session may deliver
 * queued messages right after the connection is up, before the application re-registered its
 * handlers; those are held (bounded) and handed to the first handler added whose filter matches.
 */
export class HandlerRegistry {
  readonly #entries: Entry[] = [];
  readonly #unclaimed: { topic: string; payload: Buffer }[] = [];
  readonly #onError: (error: unknown, topic: string) => void;
  readonly #maxUnclaimed: number;

  constructor(onError: (error: unknown, topic: string) => void, maxUnclaimed = MAX_UNCLAIMED_MESSAGES) {
    this.#onError = onError;
    this.#maxUnclaimed = maxUnclaimed;
  }

  /** Adds a handler, hands it the held messages it matches, and returns its remover. */
  add(filter: string, handler: MessageHandler): () => void {
    const entry: Entry = { filter, handler };
    this.#entries.push(entry);
    const held = this.#unclaimed.filter((message) => topicMatches(filter, message.topic));
    if (held.length > 0) {
      const remaining = this.#unclaimed.filter((message) => !topicMatches(filter, message.topic));
      this.#unclaimed.splice(0, this.#unclaimed.length, ...remaining);
      for (const message of held) this.#call(entry, message.topic, message.payload);
    }
    return () => {
      const index = this.#entries.indexOf(entry);
      if (index >= 0) this.#entries.splice(index, 1);
    };
  }

  dispatch(topic: string, payload: Buffer): void {
    let matched = false;
    for (const entry of [...this.#entries]) {
      if (!topicMatches(entry.filter, topic)) continue;
      matched = true;
      this.#call(entry, topic, payload);
    }
    if (!matched) {
      this.#unclaimed.push({ topic, payload });
      if (this.#unclaimed.length > this.#maxUnclaimed) this.#unclaimed.shift();
    }
  }

  clear(): void {
    this.#entries.length = 0;
    this.#unclaimed.length = 0;
  }

  #call(entry: Entry, topic: string, payload: Buffer): void {
    try {
      entry.handler(topic, payload);
    } catch (error) {
      this.#onError(error, topic);
    }
  }
}
