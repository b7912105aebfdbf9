// The referrer's screens (UI.md "Referrer"): one lazily loaded group.
import type { ScreenRoute } from '../../screens.ts';
import { CheckStep } from './check.tsx';
import { ChildProtectionStep } from './child-protection.tsx';
import { ReferralDetail, ReferralList, WithdrawReferral } from './referrals.tsx';
import {
  ChildrenStep,
  ConsentStep,
  ContactStep,
  LanguageStep,
  NeedsStep,
  PlaceStep,
  ReferrerStep,
  UrgencyStep,
} from './steps.tsx';

export const routes: readonly ScreenRoute[] = [
  { path: '/vermittlungen', component: ReferralList },
  { path: '/vermittlungen/neu', component: ChildProtectionStep },
  { path: '/vermittlungen/neu/einwilligung', component: ConsentStep },
  { path: '/vermittlungen/neu/kontakt', component: ContactStep },
  { path: '/vermittlungen/neu/kinder', component: ChildrenStep },
  { path: '/vermittlungen/neu/bedarfe', component: NeedsStep },
  { path: '/vermittlungen/neu/sprache', component: LanguageStep },
  { path: '/vermittlungen/neu/wohnort', component: PlaceStep },
  { path: '/vermittlungen/neu/dringlichkeit', component: UrgencyStep },
  { path: '/vermittlungen/neu/ihre-daten', component: ReferrerStep },
  { path: '/vermittlungen/neu/pruefen', component: CheckStep },
  { path: '/vermittlungen/:id', component: ReferralDetail },
  { path: '/vermittlungen/:id/zurueckziehen', component: WithdrawReferral },
];
