import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Wall time of the last successful load. */
  readonly updatedAt: number | undefined;
  /** Loads again now (after an action). */
  readonly refresh: () => void;
}

/**
 * Loads `load` now and again every `intervalMs` after each answer (never two at once), while the
 * tab is visible; a change of `key` starts over. Live updates without reloading the page.
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  intervalMs: number,
): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; updatedAt?: number }>({
    key,
  });
  const loader = useRef(load);
  loader.current = load;
  const trigger = useRef<() => void>(() => {});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busy = false;
    let again = false;
    const run = async () => {
      clearTimeout(timer);
      if (controller.signal.aborted) return;
      if (busy) {
        again = true; // a refresh asked for while loading: load once more right after
        return;
      }
      if (document.hidden) return; // resumed by visibilitychange
      busy = true;
      try {
        const data = await loader.current(controller.signal);
        if (!controller.signal.aborted) setState({ key, data, updatedAt: Date.now() });
      } catch (error) {
        if (!controller.signal.aborted) setState((s) => ({ ...s, key, error }));
      } finally {
        busy = false;
        const wait = again ? 0 : intervalMs > 0 ? intervalMs : -1;
        again = false;
        if (!controller.signal.aborted && wait >= 0) timer = setTimeout(run, wait);
      }
    };
    const onVisible = () => {
      if (!document.hidden) void run();
    };
    trigger.current = () => void run();
    document.addEventListener('visibilitychange', onVisible);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, intervalMs]);

  const refresh = useCallback(() => trigger.current(), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    updatedAt: current ? state.updatedAt : undefined,
    refresh,
  };
}
