// What every screen may use: the configuration, the session, the API client and the app's own actions.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Auth, Session } from './auth.ts';
import type { RuntimeConfig } from './config.ts';

export type AppContext = {
  readonly config: RuntimeConfig;
  readonly auth: Auth;
  readonly api: Api;
  /** Undefined while signed out. */
  readonly session: Session | undefined;
};

export const App = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const context = useContext(App);
  if (context === undefined) throw new Error('useApp outside the app');
  return context;
}

/** The session of a screen that requires sign-in (the shell renders such screens only when signed in). */
export function useSession(): Session {
  const { session } = useApp();
  if (session === undefined) throw new Error('useSession while signed out');
  return session;
}
