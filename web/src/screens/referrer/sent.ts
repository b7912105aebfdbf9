// Which referrals this page has just sent: their page shows the confirmation once, in memory (not in the URL).
const justSent = new Set<string>();

export function markJustSent(referralId: string): void {
  justSent.add(referralId);
}

export function wasJustSent(referralId: string): boolean {
  return justSent.has(referralId);
}
