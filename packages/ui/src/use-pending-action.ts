import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A button's action that may return a promise: `pending` while it runs (the button is disabled,
 * so a double click sends one request), `error` with the rejection's message afterwards.
 */
export function usePendingAction(): {
  pending: boolean;
  error: string | undefined;
  run: (action: () => unknown) => void;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback((action: () => unknown) => {
    setError(undefined);
    let result: unknown;
    try {
      result = action();
    } catch (thrown) {
      setError(messageOf(thrown));
      return;
    }
    if (!(result instanceof Promise)) return;
    setPending(true);
    result.then(
      () => {
        if (mounted.current) setPending(false);
      },
      (thrown: unknown) => {
        if (!mounted.current) return;
        setPending(false);
        setError(messageOf(thrown));
      },
    );
  }, []);
  return { pending, error, run };
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
