// Accessibility checks with axe-core, as the journeys run them.
import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';

/** Serious and critical WCAG 2.1 A/AA problems axe-core finds on the page as it is now. */
export async function seriousProblems(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return serious.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
