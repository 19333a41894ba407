/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';
export type AxeViolation = { id: string; impact: AxeImpact | null; help: string; nodes: string[] };
export type AxeReport = {
  label: string;
  violations: AxeViolation[];
  counts: Record<AxeImpact, number>;
  /** Rules axe could not decide (often contrast over an image or gradient): listed, for a person to look at. */
  incomplete: string[];
  passes: number;
};

const IMPACTS: AxeImpact[] = ['critical', 'serious', 'moderate', 'minor'];
let source: string | undefined;

function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * Runs axe-core (WCAG 2.0 A and AA rules) on the page as it is now. The source goes in through the DevTools
 * protocol (page.evaluate), not a <script> tag: the app's CSP refuses inline scripts, and the test must not
 * weaken the CSP it also checks.
 */
export async function runAxe(page: Page, label: string): Promise<AxeReport> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(`${axeSource()}\n;void 0`);
  const raw = await page.evaluate(async () => {
    type Rule = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    type Result = { violations: Rule[]; incomplete: Rule[]; passes: Rule[] };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
      })),
      incomplete: result.incomplete.map(
        (v) =>
          `${v.id}×${v.nodes.length} (${v.nodes
            .slice(0, 5)
            .map((n) => n.target.map(String).join(' '))
            .join(', ')})`,
      ),
      passes: result.passes.length,
    };
  });
  const violations = raw.violations as AxeViolation[];
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<AxeImpact, number>;
  for (const v of violations) if (v.impact) counts[v.impact] += v.nodes.length;
  return { label, violations, counts, incomplete: raw.incomplete, passes: raw.passes };
}

/** The violations a screen may not have. */
export function blocking(report: AxeReport): AxeViolation[] {
  return report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per screen (counts of failing nodes per impact), then each violation with a few of its nodes. */
export function axeSummary(reports: AxeReport[]): string {
  const lines = ['axe-core (wcag2a + wcag2aa) — failing nodes per impact:'];
  const total = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<AxeImpact, number>;
  for (const r of reports) {
    for (const i of IMPACTS) total[i] += r.counts[i];
    const undecided = r.incomplete.length ? ` · undecided: ${r.incomplete.join(' ')}` : '';
    lines.push(
      `  ${r.label.padEnd(34)} ${IMPACTS.map((i) => `${i} ${r.counts[i]}`).join(', ')} · ${r.passes} rules passed${undecided}`,
    );
    for (const v of r.violations) {
      lines.push(`    - [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).join(' | ')}`);
    }
  }
  lines.push(`  ${'TOTAL'.padEnd(34)} ${IMPACTS.map((i) => `${i} ${total[i]}`).join(', ')}`);
  return lines.join('\n');
}
