/**
 * `classify train` settings from the command line: each is checked and named when wrong, and
 * `--nb-blend off` is told apart from leaving it out (which keeps the current model's recipe).
 */
import assert from 'node:assert/strict';
import { toTrainingOptions } from '../../../src/cli/classify-train-org.js';
import { InvalidInputError } from '../../../src/errors.js';

describe('classify train options', () => {
  it('reads the naive Bayes blend as a share, off as none, and leaving it out as unset', () => {
    assert.equal(toTrainingOptions({ calibrate: true, nbBlend: '0.5' }).nbBlend, 0.5);
    assert.equal(toTrainingOptions({ calibrate: true, nbBlend: 'off' }).nbBlend, null);
    assert.equal('nbBlend' in toTrainingOptions({ calibrate: true }), false);
  });

  it('refuses a blend outside 0 to 1 or not a number, and a bad C or min-df, naming the option and the value', () => {
    for (const [options, message] of [
      [{ nbBlend: '1.5' }, /--nb-blend must be a number from 0 to 1 .* or off, not "1\.5"/],
      [{ nbBlend: 'half' }, /--nb-blend .* not "half"/],
      [{ c: '0' }, /--c must be a positive number, not "0"/],
      [{ minDf: '1.5' }, /--min-df must be a positive integer, not "1\.5"/],
    ] as const) {
      assert.throws(
        () => toTrainingOptions({ calibrate: true, ...options }),
        (e: Error) => e instanceof InvalidInputError && message.test(e.message),
      );
    }
  });
});
