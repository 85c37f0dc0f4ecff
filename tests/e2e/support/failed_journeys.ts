// A Playwright reporter that writes the journeys that failed, one line each with the first line
// of its error, to the file BRISK_FAILED_JOURNEYS names. `cargo xtask test` repeats them in its
// summary: the list reporter names them too, but above the API contract check's long output, so
// a run whose log is read from its end would not show which journey failed.
import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class FailedJourneys implements Reporter {
  private failed: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === test.expectedStatus) return;
    const [, project, file, ...titles] = test.titlePath();
    // The message is coloured for a terminal; the summary is plain text.
    const error = (result.error?.message ?? result.status).replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0];
    this.failed.push(`[${project}] ${file}:${test.location.line} › ${titles.join(' › ')}: ${error}`);
  }

  onEnd(_result: FullResult) {
    const path = process.env.BRISK_FAILED_JOURNEYS;
    if (path) writeFileSync(path, this.failed.map((line) => `${line}\n`).join(''));
  }

  printsToStdio() {
    return false;
  }
}
