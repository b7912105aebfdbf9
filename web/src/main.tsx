// The app's entry: reads /config.json, prepares sign-in and the API client, and renders the shell.
import { render } from 'preact';
import { Api } from './api.ts';
import { Shell, sessionExpired } from './app.tsx';
import { Auth } from './auth.ts';
import { loadConfig } from './config.ts';

const root = document.getElementById('app');

async function start(): Promise<void> {
  if (root === null) return;
  try {
    const config = await loadConfig();
    const auth = new Auth(config);
    const api = new Api(auth, sessionExpired);
    root.replaceChildren();
    render(<Shell config={config} auth={auth} api={api} />, root);
  } catch {
    root.replaceChildren();
    const main = document.createElement('main');
    const heading = document.createElement('h1');
    heading.textContent = 'Lotse ist gerade nicht erreichbar';
    const text = document.createElement('p');
    text.textContent = 'Bitte laden Sie die Seite in ein paar Minuten neu.';
    main.append(heading, text);
    root.append(main);
  }
}

void start();
