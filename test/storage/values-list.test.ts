import assert from 'node:assert/strict';
import { valuesList } from '../../storage/values-list';

describe('valuesList', () => {
  it('when rows are given, then parameters are numbered in row order, one tuple per row', () => {
    assert.deepEqual(valuesList([['a', 1], ['b', null]]), { sql: '($1, $2), ($3, $4)', params: ['a', 1, 'b', null] });
  });

  it('when a tuple writer is given, then it places casts and constant columns around the placeholders', () => {
    const { sql, params } = valuesList([['k', 5]], (p) => `(${p[0]}, ${p[1]}::bigint, now())`);
    assert.equal(sql, '($1, $2::bigint, now())');
    assert.deepEqual(params, ['k', 5]);
  });
});
