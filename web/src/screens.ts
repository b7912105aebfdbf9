// How the screens are organised: each role's screens are one lazily loaded group (its own chunk), which exports its
// routes; the shell maps paths to groups, checks the role, and renders the matching screen.
import type { ComponentType } from 'preact';
import type { Role } from './auth.ts';

export type ScreenProps = { readonly params: Readonly<Record<string, string>> };

export type ScreenRoute = {
  /** A path of UI.md with `:name` parameters, e.g. `/vermittlungen/:id`. */
  readonly path: string;
  readonly component: ComponentType<ScreenProps>;
};

/** What a group module (`screens/<group>/index.tsx`) exports. */
export type ScreenGroupModule = { readonly routes: readonly ScreenRoute[] };

export type ScreenGroup = {
  readonly role: Role;
  /** The role's start page after sign-in. */
  readonly start: string;
  /** Paths of the group: these and everything below them. */
  readonly prefixes: readonly string[];
  readonly load: () => Promise<ScreenGroupModule>;
  /** The header's navigation for the role. */
  readonly navigation: readonly { readonly href: string; readonly label: string }[];
};

export const GROUPS: readonly ScreenGroup[] = [
  {
    role: 'referrer',
    start: '/vermittlungen',
    prefixes: ['/vermittlungen'],
    load: () => import('./screens/referrer/index.tsx'),
    navigation: [
      { href: '/vermittlungen', label: 'Meine Vermittlungen' },
      { href: '/vermittlungen/neu', label: 'Neue Vermittlung' },
    ],
  },
  {
    role: 'office',
    start: '/eingang',
    prefixes: ['/eingang', '/faelle', '/angebote'],
    load: () => import('./screens/office/index.tsx'),
    navigation: [
      { href: '/eingang', label: 'Eingang' },
      { href: '/angebote', label: 'Angebote' },
    ],
  },
  {
    role: 'coordinator',
    start: '/koordination',
    prefixes: ['/koordination'],
    load: () => import('./screens/coordinator/index.tsx'),
    navigation: [
      { href: '/koordination', label: 'Übersicht' },
      { href: '/koordination/faelle', label: 'Eskalierte Fälle' },
      { href: '/koordination/angebote', label: 'Angebote' },
      { href: '/koordination/einrichtungen', label: 'Einrichtungen' },
      { href: '/koordination/familienbueros', label: 'Familienbüros' },
      { href: '/koordination/zugaenge', label: 'Zugänge' },
      { href: '/koordination/import', label: 'Import' },
      { href: '/koordination/bericht', label: 'Bericht' },
    ],
  },
];

export function groupOfPath(path: string): ScreenGroup | undefined {
  return GROUPS.find((group) => group.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)));
}

export function groupOfRole(role: Role): ScreenGroup {
  const group = GROUPS.find((candidate) => candidate.role === role);
  if (group === undefined) throw new Error(`no screens for role ${role}`);
  return group;
}
