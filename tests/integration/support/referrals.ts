// Builders for valid referral bodies, with dates relative to today so the suite never ages out of the field rules.

export function isoDate(offsetDays: number, from: Date = new Date()): string {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + offsetDays));
  return date.toISOString().slice(0, 10);
}

export function yearsAgo(years: number, extraDays = 0): string {
  const today = new Date();
  const date = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() - extraDays));
  return date.toISOString().slice(0, 10);
}

export function referralBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    referrer: { name: 'Anna Beispiel', phone: '+49 231 000000', email: 'lotsin@klinik.example' },
    consent: {
      scopes: ['office', 'offer', 'feedback'],
      givenBy: 'parent',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      method: 'written',
    },
    childProtectionConcern: false,
    contact: {
      name: 'Maria Muster',
      role: 'mother',
      phone: '+49 170 0000000',
      email: null,
      preferredChannel: 'phone',
      bestTime: 'vormittags',
      mayLeaveMessage: true,
    },
    children: [{ birthDate: isoDate(-120) }, { expectedBirthDate: isoDate(90) }],
    languages: ['de', 'ar'],
    interpreterNeeded: true,
    needs: ['parenting', 'financial-support'],
    urgency: 'soon',
    postalCode: '44137',
    accessibility: { homeVisit: true, barrierFree: false, childcareDuringAppointment: false },
    note: 'Mutter wünscht Kontakt auf Arabisch.',
    ...overrides,
  };
}
