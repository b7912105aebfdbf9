// The coordinator's screens (UI.md "Koordination"): one lazily loaded group.
import { Page } from '../../components/page.tsx';
import type { ScreenRoute } from '../../screens.ts';

function Overview() {
  return (
    <Page title="Übersicht">
      <p class="kern-body">Die Übersicht folgt.</p>
    </Page>
  );
}

export const routes: readonly ScreenRoute[] = [{ path: '/koordination', component: Overview }];
