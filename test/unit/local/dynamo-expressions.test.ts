import { applyUpdate, evaluateCondition } from '../../../src/local/engine/dynamo-expressions.js';

const e = {
  names: { '#lock': 'lockedBy' },
  values: { ':turn': { S: 'turn-2' }, ':zero': { N: '0' }, ':one': { N: '1' }, ':at': { S: '2026-11-20T12:00:00.000Z' }, ':stale': { S: '2026-11-20T11:55:00.000Z' } },
};

describe('local DynamoDB expressions', () => {
  it('evaluates the turn-lock condition', () => {
    const condition = 'attribute_not_exists(#lock) OR #lock = :turn OR lockedAt < :stale';
    expect(evaluateCondition(condition, undefined, e)).toBe(true);
    expect(evaluateCondition(condition, { lockedBy: 'turn-1', lockedAt: '2026-11-20T11:59:00.000Z' }, e)).toBe(false);
    expect(evaluateCondition(condition, { lockedBy: 'turn-1', lockedAt: '2026-11-20T11:50:00.000Z' }, e)).toBe(true);
    expect(evaluateCondition(condition, { lockedBy: 'turn-2', lockedAt: '2026-11-20T11:59:00.000Z' }, e)).toBe(true);
  });

  it('applies SET with if_not_exists arithmetic and REMOVE', () => {
    const item = applyUpdate('SET messageCount = if_not_exists(messageCount, :zero) + :one, lastInteraction = :at, createdAt = if_not_exists(createdAt, :at) REMOVE #lock, lockedAt', { sender: 's', lockedBy: 'turn-2', lockedAt: 'x' }, e);
    expect(item).toEqual({ sender: 's', messageCount: 1, lastInteraction: '2026-11-20T12:00:00.000Z', createdAt: '2026-11-20T12:00:00.000Z' });
    expect(applyUpdate('SET messageCount = if_not_exists(messageCount, :zero) + :one', item, e).messageCount).toBe(2);
  });
});
