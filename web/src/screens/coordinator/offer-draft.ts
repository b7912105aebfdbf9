// An offer as its form holds it, kept in this page's memory only between the form and its check page; the form's own
// checks (completeness and number format; the API checks the rest and its errors come back to the same fields); and
// the PUT body.

import type { Offer } from '#domain/catalogue.ts';
import type { LifePhase, NeedCode, OfferMode, OfferStatus } from '#domain/codes.ts';
import type { FieldError as FieldProblem } from '#domain/zod-issues.ts';
import { ENTITY_ID } from './entity-ids.ts';

export type OfferDraft = {
  id: string;
  /** Until the coordinator types an id, a new offer's id follows its name. */
  idEdited: boolean;
  name: string;
  organization: string;
  status: OfferStatus;
  needs: NeedCode[];
  lifePhases: LifePhase[];
  districts: string[];
  languages: string[];
  modes: OfferMode[];
  tracksCapacity: boolean;
  available: string;
  maximum: string;
};

/** The form's fields, by the API path each one shows (problems at deeper paths show at their field). */
export const OFFER_FIELDS = [
  'id',
  'name',
  'organization',
  'status',
  'needs',
  'lifePhases',
  'districts',
  'languages',
  'modes',
  'capacity.available',
  'capacity.maximum',
  'capacity',
] as const;

export function draftOfOffer(offer: Offer): OfferDraft {
  return {
    id: offer.id,
    idEdited: true,
    name: offer.name,
    organization: offer.organization,
    status: offer.status,
    needs: [...offer.needs],
    lifePhases: [...offer.lifePhases],
    districts: [...offer.districts],
    languages: [...offer.languages],
    modes: [...offer.modes],
    tracksCapacity: offer.capacity !== undefined,
    available: offer.capacity === undefined ? '' : String(offer.capacity.available),
    maximum: offer.capacity?.maximum === undefined ? '' : String(offer.capacity.maximum),
  };
}

export function newOfferDraft(): OfferDraft {
  return {
    id: '',
    idEdited: false,
    name: '',
    organization: '',
    status: 'active',
    needs: [],
    lifePhases: [],
    districts: [],
    languages: ['de'],
    modes: [],
    tracksCapacity: false,
    available: '',
    maximum: '',
  };
}

const WHOLE_NUMBER = /^\d+$/;

/** What the form checks itself before the check page: every required answer, ids and numbers in their form. */
export function checkOfferDraft(draft: OfferDraft, isNew: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (isNew && draft.id.trim() === '') problem('id', 'Geben Sie eine Kennung für das Angebot an.');
  else if (isNew && !ENTITY_ID.test(draft.id)) {
    problem(
      'id',
      'Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, Punkt, Unterstrich und Bindestrich enthalten (höchstens 64 Zeichen).',
    );
  }
  if (draft.name.trim() === '') problem('name', 'Geben Sie den Namen des Angebots an.');
  if (draft.organization.trim() === '') problem('organization', 'Geben Sie den Träger des Angebots an.');
  if (draft.needs.length === 0) problem('needs', 'Wählen Sie mindestens einen Bedarf, bei dem das Angebot hilft.');
  if (draft.lifePhases.length === 0) problem('lifePhases', 'Wählen Sie mindestens eine Lebensphase.');
  if (draft.languages.length === 0) problem('languages', 'Wählen Sie mindestens eine Sprache.');
  if (draft.modes.length === 0) problem('modes', 'Wählen Sie mindestens eine Angebotsform.');
  if (draft.tracksCapacity) {
    if (draft.available.trim() === '') problem('capacity.available', 'Geben Sie an, wie viele Plätze frei sind.');
    else if (!WHOLE_NUMBER.test(draft.available.trim())) {
      problem('capacity.available', 'Geben Sie die freien Plätze als ganze Zahl ein, zum Beispiel 4.');
    }
    if (draft.maximum.trim() !== '' && !WHOLE_NUMBER.test(draft.maximum.trim())) {
      problem('capacity.maximum', 'Geben Sie die Plätze insgesamt als ganze Zahl ein, zum Beispiel 10.');
    }
  }
  return problems;
}

/** The PUT body (the offer without its id: the path names it). */
export function offerBody(draft: OfferDraft): Omit<Offer, 'id'> {
  const capacity = draft.tracksCapacity
    ? {
        available: Number(draft.available.trim()),
        ...(draft.maximum.trim() === '' ? {} : { maximum: Number(draft.maximum.trim()) }),
      }
    : undefined;
  return {
    name: draft.name.trim(),
    organization: draft.organization.trim(),
    status: draft.status,
    needs: draft.needs,
    lifePhases: draft.lifePhases,
    districts: draft.districts,
    languages: draft.languages,
    modes: draft.modes,
    ...(capacity === undefined ? {} : { capacity }),
  };
}

/** The draft of the offer being edited, kept across the form and the check page; never in storage. */
export type OfferEdit = {
  readonly key: string;
  readonly isNew: boolean;
  draft: OfferDraft;
  /** Changed since it was loaded: leaving the page asks first. */
  dirty: boolean;
  /** The API's field problems of the last save, shown at their fields. */
  problems: readonly FieldProblem[];
  /** Set by "Ändern" on the check page: the field that takes the focus when the form shows again. */
  focus?: string | undefined;
};

let current: OfferEdit | undefined;

/** The edit in progress for this path's id (`neu` for a new offer), if any. */
export function offerEdit(key: string): OfferEdit | undefined {
  return current?.key === key ? current : undefined;
}

export function startOfferEdit(edit: OfferEdit): OfferEdit {
  current = edit;
  return edit;
}

export function endOfferEdit(): void {
  current = undefined;
}

/** One line for the list after a save or a deactivation, shown once. */
let notice: string | undefined;

export function setCatalogueNotice(text: string): void {
  notice = text;
}

export function takeCatalogueNotice(): string | undefined {
  const text = notice;
  notice = undefined;
  return text;
}
