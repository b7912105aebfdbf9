// The referrer's screens (UI.md "Referrer"): one lazily loaded group.
import { Page } from '../../components/page.tsx';
import type { ScreenRoute } from '../../screens.ts';

function Referrals() {
  return (
    <Page title="Meine Vermittlungen">
      <p class="kern-body">Die Liste folgt.</p>
    </Page>
  );
}

export const routes: readonly ScreenRoute[] = [{ path: '/vermittlungen', component: Referrals }];
