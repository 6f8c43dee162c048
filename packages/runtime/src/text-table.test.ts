import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from './text-table.ts';

test('formatTable pads every column but the last to its widest cell', () => {
  const text = formatTable(
    ['service', 'state', 'detail'],
    [
      ['kafka', 'up', 'reused pid 1'],
      ['postgres', 'down', ''],
    ],
  );
  assert.equal(
    text,
    [
      'service   state  detail',
      '--------  -----  ------------',
      'kafka     up     reused pid 1',
      'postgres  down',
    ].join('\n'),
  );
});

test('formatTable aligns the columns it is told to the right', () => {
  assert.equal(
    formatTable(
      ['name', 'rows'],
      [
        ['a', '1,000'],
        ['bb', '7'],
      ],
      ['left', 'right'],
    ),
    ['name   rows', '----  -----', 'a     1,000', 'bb        7'].join('\n'),
  );
});
