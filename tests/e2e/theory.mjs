// Browser tests of the paper's Sections 4 and 5 on the page (theory-panel.js, theory-worker.js):
// Theorem 1's memorizer and the minimum-norm interpolant on the test asset, on true and on random
// labels, each shown with its numbers and the paper's; and the paper's figure beside the main run. Registered inside run.mjs's describe();
// run alone with
//   node --test --test-name-pattern=theory tests/e2e/run.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';

/** The theory table's rows as arrays of cell texts. */
function tableRows(page) {
  return page.$$eval('#theory-table tbody tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
}

/** Click `button` and wait until the table has `count` rows; returns them. */
async function computeRow(page, button, count, timeout) {
  await page.click(button);
  await page.waitForFunction(
    (n) => document.querySelectorAll('#theory-table tbody tr').length >= n || document.querySelector('#theory-status.theory-error'),
    count,
    { timeout, polling: 200 },
  );
  const error = await page.$('#theory-status.theory-error');
  if (error) assert.fail(`the computation failed: ${await error.textContent()}`);
  return tableRows(page);
}

const percent = (text) => Number.parseFloat(text);

/** Add the tests; `ctx` = { withPage, screenshot, seconds, asset }. */
export function registerTheoryTests({ withPage, screenshot, seconds, asset }) {
  test('(t1) theory: Theorem 1 memorizes true and random labels with 2n + d weights per output, beside the paper', { timeout: seconds(240) }, async () => {
    await withPage('theorem1', `backend=cpu&asset=${asset}`, async (page) => {
      let rows = await computeRow(page, '#theorem1-quick', 1, seconds(120));
      const [what, data, params, train, test] = rows[0];
      assert.match(what, /Theorem 1/);
      assert.match(data, /true labels, seed 1/);
      // 500 training images of d = 768 values: d + n + 10n weights (the theorem's 2n + d per output).
      assert.equal(params, `${(768 + 500 + 10 * 500).toLocaleString('en-US')} (2n + d = ${(2 * 500 + 768).toLocaleString('en-US')} per output)`);
      assert.equal(percent(train), 0, 'train error 0 on true labels');
      assert.ok(percent(test) < 90, `test error ${test} below chance on true labels`);
      assert.match(rows[0][7], /^Paper: .*2n \+ d/, 'the paper\'s statement beside it');
      assert.match(await page.textContent('#theorem1-line'), /Theorem 1 memorizer on true labels.*train error 0\.0 %/);

      // The paper's figure for the main run sits beside it, labelled as the paper's.
      assert.match(await page.textContent('#explain-paper'), /^The paper \(Table 1\): test error 49\.49 %.*here: the page's subset/);
      await page.check('#random-labels');
      assert.match(await page.textContent('#explain-paper'), /^The paper \(Section 2\):.*chance/);
      rows = await computeRow(page, '#theorem1-run', 2, seconds(120));
      assert.match(rows[1][1], /random labels/);
      assert.equal(percent(rows[1][3]), 0, 'train error 0 on random labels');
      assert.ok(percent(rows[1][4]) > 75, `test error ${rows[1][4]} near chance on random labels`);
      await screenshot(page, 'page-theorem1.png');
    });
  });

  test('(t2) theory: the minimum-norm interpolant fits the training labels, with its norm and the paper\'s figures', { timeout: seconds(300) }, async () => {
    await withPage('min-norm', `backend=cpu&asset=${asset}`, async (page) => {
      const rows = await computeRow(page, '#min-norm-run', 1, seconds(200));
      const [what, data, params, train, test, norm] = rows[0];
      assert.match(what, /minimum-norm interpolant \(Gaussian kernel, γ = /);
      assert.match(data, /true labels/);
      assert.equal(params, (500 * 10).toLocaleString('en-US'), 'α: n x 10 coefficients');
      assert.equal(percent(train), 0, 'it interpolates');
      assert.ok(percent(test) < 90, `test error ${test} below chance on true labels`);
      assert.ok(Number.parseFloat(norm) > 0, `a norm: ${norm}`);
      assert.match(rows[0][7], /46 %/, 'the paper\'s CIFAR-10 figure beside it');
      await screenshot(page, 'page-min-norm.png');
    });
  });
}
