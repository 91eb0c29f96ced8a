import { expect } from 'vitest';
import type { AckMessage, EventMessage, SetpointMessage } from '../../src/adapters/broker/index.ts';
import type { DecisionMode } from '../../src/agent/decide.ts';
import type { AgentHarness } from './agent-harness.ts';

/**
 * One row of a tick-by-tick table: at clock offset `at`, do `act`; then exactly these commands
 * reached the miners, exactly these acks and events were published, and the last cycle decided
 * in `mode`.
 */
export interface Step {
  /** ms after T0. */
  readonly at: number;
  readonly what: string;
  readonly act: (h: AgentHarness) => Promise<unknown>;
  readonly commands?: readonly string[];
  readonly acks?: readonly Partial<AckMessage>[];
  readonly events?: readonly (Omit<Partial<EventMessage>, 'details'> & {
    details?: Record<string, unknown>;
  })[];
  readonly mode?: DecisionMode;
  readonly check?: (h: AgentHarness) => void | Promise<void>;
}

export async function runSteps(h: AgentHarness, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    h.at(step.at);
    const acksBefore = h.acks().length;
    const eventsBefore = h.events().length;
    await step.act(h);
    await h.settle();
    // Online, everything published by now has arrived; offline, publishes wait for the link.
    if (h.agentClient.connected) await h.agent.idle();
    const where = `step "${step.what}"`;
    expect(h.newCommands(), `${where}: commands`).toEqual(step.commands ?? []);
    expect(h.acks().slice(acksBefore), `${where}: acks`).toMatchObject(step.acks ?? []);
    expect(h.events().slice(eventsBefore), `${where}: events`).toMatchObject(step.events ?? []);
    if (step.mode !== undefined) expect(h.reports.at(-1)?.decision?.mode, `${where}: mode`).toBe(step.mode);
    await step.check?.(h);
  }
}

// ---- acts

export const poll = (h: AgentHarness) => h.agent.tick();

export const setpoint =
  (seq: number, fields: Partial<SetpointMessage> = {}) =>
  (h: AgentHarness) =>
    h.sendSetpoint(h.setpoint(seq, fields));

export const dropLink = async (h: AgentHarness) => h.agentClient.dropConnection();

export const reconnect = async (h: AgentHarness) => {
  await h.agentClient.reconnect();
  await h.settle();
  await h.agent.idle();
};

export const both =
  (...acts: ((h: AgentHarness) => Promise<unknown> | unknown)[]) =>
  async (h: AgentHarness) => {
    for (const act of acts) await act(h);
  };
