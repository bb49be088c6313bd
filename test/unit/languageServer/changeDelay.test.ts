import * as assert from 'node:assert/strict';
import {
  CHANGE_DEBOUNCE_MS,
  changeDelay,
  MIN_CHANGE_DELAY_MS,
} from '../../../server/src/languageServer/diagnostics';

describe('the pause before re-analysing a changed document', () => {
  it('is the full debounce before the first analysis has been timed', () => {
    assert.equal(changeDelay(undefined), CHANGE_DEBOUNCE_MS);
  });

  it('is a quarter of the last analysis, between the minimum and the full debounce', () => {
    assert.equal(changeDelay(400), 100);
    assert.equal(changeDelay(1), MIN_CHANGE_DELAY_MS);
    assert.equal(changeDelay(10_000), CHANGE_DEBOUNCE_MS);
  });

  it('never exceeds the debounce nor falls under the minimum', () => {
    for (const ms of [0, 0.5, 50, 119, 120, 599, 600, 601, 1e9]) {
      const delay = changeDelay(ms);
      assert.ok(delay >= MIN_CHANGE_DELAY_MS && delay <= CHANGE_DEBOUNCE_MS, `${ms} → ${delay}`);
    }
  });
});
