// The coordinator's screens (UI.md "Koordination"): one lazily loaded group.
import type { ScreenRoute } from '../../screens.ts';
import { CoordinatorCase } from './case.tsx';
import { CoordinatorCases } from './cases.tsx';
import { catalogueRoutes } from './catalogue-routes.tsx';
import { Overview } from './overview.tsx';

export const routes: readonly ScreenRoute[] = [
  { path: '/koordination', component: Overview },
  { path: '/koordination/faelle', component: CoordinatorCases },
  { path: '/koordination/faelle/:id', component: CoordinatorCase },
  ...catalogueRoutes,
];
