// The coordinator's catalogue, access, import and report screens (UI.md "Koordination"), for the group's route list.
import type { ComponentType } from 'preact';
import { useLocation } from '../../router.ts';
import type { ScreenProps, ScreenRoute } from '../../screens.ts';
import { AccessScreen } from './access.tsx';
import { CatalogueImport } from './import.tsx';
import { OfferCatalogue, OfferCheckScreen, OfferEditScreen } from './offers.tsx';
import { InstitutionEdit, InstitutionList, OfficeEdit, OfficeList } from './organizations.tsx';
import { CoverageReportScreen } from './report.tsx';

/**
 * The screen afresh on every navigation to it, also from its own link in the header: no message, error or half-filled
 * form of an earlier visit stays, and its lists are read again.
 */
function fresh(Screen: ComponentType<ScreenProps>): ComponentType<ScreenProps> {
  return function FreshScreen(props: ScreenProps) {
    const { count } = useLocation();
    return <Screen key={count} {...props} />;
  };
}

export const catalogueRoutes: readonly ScreenRoute[] = [
  { path: '/koordination/angebote', component: fresh(OfferCatalogue) },
  { path: '/koordination/angebote/:id', component: fresh(OfferEditScreen) },
  { path: '/koordination/angebote/:id/pruefen', component: fresh(OfferCheckScreen) },
  { path: '/koordination/einrichtungen', component: fresh(InstitutionList) },
  { path: '/koordination/einrichtungen/:id', component: fresh(InstitutionEdit) },
  { path: '/koordination/familienbueros', component: fresh(OfficeList) },
  { path: '/koordination/familienbueros/:id', component: fresh(OfficeEdit) },
  { path: '/koordination/zugaenge', component: fresh(AccessScreen) },
  { path: '/koordination/import', component: fresh(CatalogueImport) },
  { path: '/koordination/bericht', component: fresh(CoverageReportScreen) },
];
