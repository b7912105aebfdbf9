// axe-core on the current page, with the WCAG 2.0/2.1/2.2 A and AA rules: a test fails on any violation and names
// each one with its nodes. The script is evaluated through the DevTools protocol, so the page's strict CSP (no inline
// script) stays on while it runs.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
};

export async function axeViolations(page: Page): Promise<Violation[]> {
  // Browser-side code as strings: this project's Node types know no DOM.
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(AXE_SOURCE);
  const run = `(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary })),
    }));
  })()`;
  return (await page.evaluate(run)) as Violation[];
}

/** Fails the test with a readable list when axe finds anything on the page; `state` names the screen and its state. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  const described = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes
        .map(
          (node) =>
            `    ${node.target.join(' ')}${node.failureSummary ? `: ${node.failureSummary.replaceAll('\n', ' ')}` : ''}`,
        )
        .join('\n')}`,
  );
  expect(described, `axe on ${state}`).toEqual([]);
}
