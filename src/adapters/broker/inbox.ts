import type { MessageHandler } from './broker-client.ts';

export interface InboxMessage {
  readonly topic: string;
  readonly payload: Buffer;
}

/**
 * Test support: collects the messages a subscription receives and waits for the ones a test
 * expects. `await client.subscribe(filter, inbox.handler)`, then `await inbox.waitFor(...)`.
 */
export class Inbox {
  readonly messages: InboxMessage[] = [];
  readonly #waiters: {
    match: (message: InboxMessage) => boolean;
    resolve: (message: InboxMessage) => void;
  }[] = [];

  readonly handler: MessageHandler = (topic, payload) => {
    const message = { topic, payload };
    this.messages.push(message);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(message)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  };

  /** Messages so far on `topic`, payloads parsed as JSON. */
  json(topic?: string): unknown[] {
    return this.messages
      .filter((message) => topic === undefined || message.topic === topic)
      .map((message) => parseJson(message.payload));
  }

  /** The first message (already received or still to come) that `match` accepts. */
  waitFor(match: (message: InboxMessage) => boolean, timeoutMs = 5_000): Promise<InboxMessage> {
    const found = this.messages.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<InboxMessage>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (message: InboxMessage) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        const seen = this.messages.map((message) => message.topic).join(', ') || 'none';
        reject(new Error(`no matching message within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** waitFor a message on `topic` whose JSON payload `match` accepts (any payload when omitted). */
  waitForJson(
    topic: string,
    match: (json: unknown) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<unknown> {
    return this.waitFor(
      (message) => message.topic === topic && message.payload.length > 0 && match(parseJson(message.payload)),
      timeoutMs,
    ).then((message) => parseJson(message.payload));
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
