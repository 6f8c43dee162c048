import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Closer } from './closer.ts';

describe('Closer', () => {
  it('closes in reverse order, goes on past a failing step, and is idempotent', async () => {
    const order: string[] = [];
    const closer = new Closer();
    closer.add('redis', () => order.push('redis'));
    closer.add('kafka', () => {
      order.push('kafka');
      throw new Error('already gone');
    });
    closer.add('http', async () => order.push('http'));
    const first = closer.close();
    const second = closer.close();
    assert.equal(first, second);
    await first;
    assert.deepEqual(order, ['http', 'kafka', 'redis']);
  });
});
