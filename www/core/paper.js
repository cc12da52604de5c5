// The paper's own figures for what the main chart shows, so the page can put them beside this
// run's without a student mistaking one for the other. Pure (no DOM): tests/web/paper.test.mjs.
// Source: Zhang et al., ICLR 2017 (arXiv 1611.03530), Table 1 (CIFAR-10, no regularizer, true
// labels: test accuracy) and Section 2 (random labels: every model reaches ~100 % train
// accuracy; test accuracy is chance). Sections 4 and 5 come from Rust (src/theory/paper.rs).

/** Test error of each model of Table 1 with true labels and no regularizer (1 - test accuracy). */
export const TABLE1_TEST_ERROR = Object.freeze({
  inception: 0.1425, // Inception, 85.75 % test accuracy
  alexnet: 0.2393, // the paper's small Alexnet, 76.07 %
  mlp3: 0.4761, // MLP 3x512, 52.39 %
  mlp: 0.4949, // MLP 1x512, 50.51 %
});

/** What differs between the paper's runs and this page's, in one line. */
export const PAPER_CONDITIONS = 'there: all 50,000 CIFAR-10 training images, 28x28 crops, the full-width networks; ' +
  'here: the page\'s subset at 16x16 px and narrowed networks (README), so the numbers are not comparable one to one';

/**
 * The paper's figure for a run with `model` and label corruption `p` (and pixel mode `pixels`),
 * as a sentence, or null when the paper reports none (the small CNN is this page's own).
 */
export function paperFigure({ model, p, pixels }) {
  const trueError = TABLE1_TEST_ERROR[model];
  if (trueError === undefined) return null;
  const percent = (x) => `${(x * 100).toFixed(2)} %`;
  if (p >= 1 || pixels === 'random' || pixels === 'gaussian') {
    return `The paper (Section 2): with random labels or noise images this model also reaches ~100 % train accuracy, and test accuracy at chance (~10 %); ${PAPER_CONDITIONS}.`;
  }
  if (p > 0) {
    return `The paper (Figure 1c): test error rises steadily from ${percent(trueError)} (p = 0, Table 1) towards 90 % as p grows; ${PAPER_CONDITIONS}.`;
  }
  return `The paper (Table 1): test error ${percent(trueError)} with true labels and no regularizer, train error 0 %; ${PAPER_CONDITIONS}.`;
}
