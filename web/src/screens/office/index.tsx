// The Familienbüro's screens (UI.md "Familienbüro"): one lazily loaded group.
import { Page } from '../../components/page.tsx';
import type { ScreenRoute } from '../../screens.ts';

function Inbox() {
  return (
    <Page title="Eingang">
      <p class="kern-body">Der Eingang folgt.</p>
    </Page>
  );
}

export const routes: readonly ScreenRoute[] = [{ path: '/eingang', component: Inbox }];
