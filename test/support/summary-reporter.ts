import path from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';

/** Whether the file or a describe block around the test failed on its own (a failed beforeAll, say). */
function failedAround(test: TestCase): boolean {
  for (let group: TestSuite | TestModule = test.parent; ; group = group.parent) {
    if (group.errors().length > 0) return true;
    if (group.type === 'module') return false;
  }
}

const firstLine = (error: SerializedError) => (error.message ?? 'an error without a message').split('\n')[0];

/**
 * Ends the run with one plain line, "Tests: N passed, N failed", that CI and people can read
 * without parsing vitest's coloured summary, after a line naming each failed test. A test that
 * could not run because its file or block failed around it counts as failed; so does, once, a file that failed with no test to blame
 * (it would not load, or its afterAll threw), and each error from outside any file.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failedOutsideTests: string[] = [];
    const failedTests: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed' || failedAround(test)) {
          counts.failed++;
          const [error] = test.result().errors ?? [];
          failedTests.push(`${path.relative(process.cwd(), module.moduleId)} > ${test.fullName}${error ? `: ${firstLine(error)}` : ''}`);
        } else counts.skipped++;
      }
      for (const group of [module, ...module.children.allSuites()]) {
        const [error] = group.errors();
        if (!error || ![...group.children.allTests()].every((test) => test.result().state === 'passed')) continue;
        counts.failed++;
        const name = path.relative(process.cwd(), module.moduleId) + (group.type === 'suite' ? ` > ${group.fullName}` : '');
        failedOutsideTests.push(`${name}: ${firstLine(error)}`);
      }
    }
    for (const error of unhandledErrors) {
      counts.failed++;
      failedOutsideTests.push(`outside any test file: ${firstLine(error)}`);
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    const outside = failedOutsideTests.map((line) => `Failed outside a test: ${line}\n`).join('');
    // Named again at the very end, where CI's tail shows them after thousands of lines.
    const failed = failedTests.map((line) => `Failed: ${line}\n`).join('');
    process.stdout.write(`\n${failed}${outside}Tests: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  }
}
