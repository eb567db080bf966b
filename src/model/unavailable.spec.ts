import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupByReason } from './unavailable.js';

describe('groupByReason', () => {
  it('says each reason once per datasource, with what it took away, in report order', () => {
    const before = 'The demo has data from 31 Jul on.';
    const timeout = 'Loki answered HTTP 504';
    const groups = groupByReason([
      { what: 'Feature use in the previous period', reason: before, datasource: 'demo', section: 'features', comparisonOnly: true },
      { what: 'Crashes', reason: timeout, datasource: 'loki', section: 'health' },
      { what: 'Sessions in the previous period', reason: before, datasource: 'demo', section: 'sessions', comparisonOnly: true },
      // The same words from another datasource are another failure.
      { what: 'Request rate', reason: timeout, datasource: 'prometheus', section: 'health' },
      { what: 'Restarts', reason: timeout, datasource: 'loki', section: 'health' },
    ]);
    assert.deepEqual(groups, [
      { datasource: 'demo', reason: before, items: [{ what: 'Feature use in the previous period', section: 'features' }, { what: 'Sessions in the previous period', section: 'sessions' }] },
      { datasource: 'loki', reason: timeout, items: [{ what: 'Crashes', section: 'health' }, { what: 'Restarts', section: 'health' }] },
      { datasource: 'prometheus', reason: timeout, items: [{ what: 'Request rate', section: 'health' }] },
    ]);
    assert.deepEqual(groupByReason([]), []);
  });
});
