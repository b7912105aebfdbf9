// The Familienbüro's screens (UI.md "Familienbüro"): one lazily loaded group.
import type { ScreenRoute } from '../../screens.ts';
import { OfficeCase } from './case.tsx';
import { Inbox } from './inbox.tsx';
import { Offers } from './offers.tsx';

export const routes: readonly ScreenRoute[] = [
  { path: '/eingang', component: Inbox },
  { path: '/faelle/:id', component: OfficeCase },
  { path: '/angebote', component: Offers },
];
