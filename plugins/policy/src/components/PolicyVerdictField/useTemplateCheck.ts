import { useApi } from '@backstage/frontend-plugin-api';
import {
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';
import { useEffect, useState } from 'react';
import { policyApiRef } from '../../api';

/** The live check's state; the last verdict stays while the next one loads. */
export interface TemplateCheckState {
  loading: boolean;
  verdict?: TemplateCheckResponse;
  error?: Error;
}

/** Long enough to wait out typing, short enough to feel live. */
export const CHECK_DELAY_MS = 400;

/**
 * Runs the template check whenever the body changes: debounced, so typing
 * a name asks once, and cancelling the previous request, so a slow answer
 * about old input never replaces the answer about the current one.
 */
export function useTemplateCheck(
  body: TemplateCheckBody | undefined,
  delayMs: number = CHECK_DELAY_MS,
): TemplateCheckState {
  const policyApi = useApi(policyApiRef);
  // Form data is a new object on every keystroke; compare by content.
  const key = body ? JSON.stringify(body) : undefined;
  const [state, setState] = useState<TemplateCheckState>({ loading: false });

  useEffect(() => {
    if (!key) {
      setState({ loading: false });
      return undefined;
    }
    setState(previous => ({ loading: true, verdict: previous.verdict }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      policyApi
        .templateCheck(JSON.parse(key), { signal: controller.signal })
        .then(
          verdict => {
            if (!controller.signal.aborted) {
              setState({ loading: false, verdict });
            }
          },
          error => {
            if (!controller.signal.aborted) {
              setState({ loading: false, error });
            }
          },
        );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [policyApi, key, delayMs]);

  return state;
}
