// Loading one case and changing it: the version from the ETag goes into If-Match; a field error (400) is shown at its
// field, a stale version (412) offers to reload, a refused step (409) explains the state, a temporary failure (503) or
// a dropped connection offers to try the same command again.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ApiAnswer, ApiError } from '../api.ts';
import { useApp } from '../context.ts';
import type { CaseView } from './types.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'loaded'; readonly value: T };

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const list = <T>(value: readonly T[] | undefined): readonly T[] => value ?? [];

/**
 * The API's case as the screens read it: a tombstone may leave out what it no longer holds (codes, lists, dates),
 * so absent lists become empty and absent dates and codes null; a case without its personal fields counts as erased.
 */
export function caseViewOf(body: CaseView): CaseView {
  const raw: Partial<CaseView> = body;
  return {
    ...body,
    phases: list(raw.phases),
    needs: list(raw.needs),
    consentScopes: list(raw.consentScopes),
    proposals: list(raw.proposals),
    unmatched: raw.unmatched === true,
    personalData: raw.personalData ?? (raw.contact === undefined ? 'erased' : 'present'),
    escalationReason: orNull(raw.escalationReason),
    routedAt: orNull(raw.routedAt),
    deadlineAt: orNull(raw.deadlineAt),
    openedAt: orNull(raw.openedAt),
    closedAt: orNull(raw.closedAt),
    outcome: orNull(raw.outcome),
    closedOfferId: orNull(raw.closedOfferId),
    withdrawnAt: orNull(raw.withdrawnAt),
    withdrawReason: orNull(raw.withdrawReason),
    history: list(raw.history),
  };
}

/** The version a case answer names: its ETag (`"<version>"`), else the body's version. */
function versionOf(answer: ApiAnswer<CaseView>): number {
  const match = /^(?:W\/)?"(\d+)"$/.exec(answer.headers.get('etag') ?? '');
  return match === null ? answer.body.version : Number(match[1]);
}

export type CaseState = {
  readonly loaded: Loaded<CaseView>;
  /** The version to send as If-Match with the next command. */
  readonly version: number | undefined;
  readonly reload: () => Promise<void>;
  /** Takes a case a command answered (the case after the change). */
  readonly replace: (answer: ApiAnswer<CaseView>) => void;
};

/** Reads `GET /v1/cases/{caseId}` (for the assigned office the first read records that it opened the case). */
export function useCase(caseId: string): CaseState {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<Loaded<CaseView>>({ state: 'loading' });
  const [version, setVersion] = useState<number | undefined>();
  const replace = useCallback((answer: ApiAnswer<CaseView>) => {
    setLoaded({ state: 'loaded', value: caseViewOf(answer.body) });
    setVersion(versionOf(answer));
  }, []);
  const reload = useCallback(async () => {
    try {
      replace(await api.get<CaseView>(`/v1/cases/${encodeURIComponent(caseId)}`));
    } catch (error) {
      setLoaded({ state: 'failed', error });
    }
  }, [api, caseId, replace]);
  useEffect(() => {
    setLoaded({ state: 'loading' });
    void reload();
  }, [reload]);
  return { loaded, version, reload, replace };
}

/** A command on a case, as the page keeps it for a retry: its path segment and body. */
export type CaseCommand =
  | { readonly name: 'accept' }
  | { readonly name: 'start' }
  | { readonly name: 'decline'; readonly body: { reason: string; note?: string } }
  | { readonly name: 'close'; readonly body: { outcome: string; offerId?: string } }
  | { readonly name: 'assign'; readonly body: { officeId: string } };

export type CommandOutcome =
  | { readonly kind: 'done'; readonly command: CaseCommand; readonly view: CaseView }
  | { readonly kind: 'failed'; readonly command: CaseCommand; readonly error: unknown };

/** Runs commands one at a time (a second press while one runs does nothing) and reports how they ended. */
export function useCaseCommand(caseId: string, state: CaseState) {
  const { api } = useApp();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<CommandOutcome | undefined>();
  const busy = useRef(false);
  const run = useCallback(
    async (command: CaseCommand): Promise<CommandOutcome | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      setRunning(true);
      let result: CommandOutcome;
      try {
        const answer = await api.post<CaseView>(`/v1/cases/${encodeURIComponent(caseId)}/${command.name}`, {
          ...(state.version === undefined ? {} : { ifMatch: state.version }),
          ...('body' in command ? { body: command.body } : {}),
        });
        state.replace(answer);
        result = { kind: 'done', command, view: caseViewOf(answer.body) };
      } catch (error) {
        result = { kind: 'failed', command, error };
      } finally {
        busy.current = false;
        setRunning(false);
      }
      setOutcome(result);
      return result;
    },
    [api, caseId, state],
  );
  const clear = useCallback(() => setOutcome(undefined), []);
  return { run, running, outcome, clear };
}

/** The field errors of a failed command (400 `validation`), by API path. */
export function fieldErrorsOf(outcome: CommandOutcome | undefined): Record<string, string> {
  if (outcome?.kind !== 'failed' || !(outcome.error instanceof ApiError)) return {};
  if (outcome.error.status !== 400) return {};
  return Object.fromEntries(outcome.error.errors.map((problem) => [problem.path, problem.message]));
}
