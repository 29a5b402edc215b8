import { describe, expect, it } from 'vitest';
import { planConversionOrder } from '../../src/convert/conversion-order.js';

const MB = 1024 * 1024;

describe('planConversionOrder', () => {
  it('keeps input order when no file is big', () => {
    expect(planConversionOrder([{ size: 5 }, { size: 9 }, { size: 1 }], 32 * MB)).toEqual([0, 1, 2]);
  });

  it('starts big files first, biggest first, then the rest in input order', () => {
    const files = [{ size: 1 * MB }, { size: 40 * MB }, { size: 2 * MB }, { size: 400 * MB }, { size: 40 * MB }, { size: 3 * MB }];
    expect(planConversionOrder(files, 32 * MB)).toEqual([3, 1, 4, 0, 2, 5]);
  });

  it('lists every file exactly once', () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ size: ((i * 7919) % 97) * MB }));
    const order = planConversionOrder(files, 48 * MB);
    expect([...order].sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
  });
});
