// How connecting a family to an offer uses the offer's capacity.
import type { OfferCapacity } from './catalogue.ts';

/** Places one connection takes from its offer. */
export const PLACES_PER_CONNECTION = 1;

/**
 * Whether a connection takes places from this capacity: only where capacity is tracked (an open offer such as
 * drop-in counselling has none) and enough places are left, so `available` never goes below zero.
 */
export function takesPlaces(capacity: OfferCapacity | undefined): capacity is OfferCapacity {
  return capacity !== undefined && capacity.available >= PLACES_PER_CONNECTION;
}

/** The capacity after one more family was connected to the offer; unchanged where no place is taken. */
export function capacityAfterConnection(capacity: OfferCapacity | undefined): OfferCapacity | undefined {
  return takesPlaces(capacity) ? { ...capacity, available: capacity.available - PLACES_PER_CONNECTION } : capacity;
}
