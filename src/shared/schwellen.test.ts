import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { schwelleFuer, STANDARD_SCHWELLEN } from './schwellen';

describe('threshold rule', () => {
  it('is 50, 30 for Bezirke, and the configuration defaults to it', () => {
    expect(STANDARD_SCHWELLEN).toEqual({ default: 50, bezirk: 30 });
    expect(loadConfig({}).thresholds).toEqual(STANDARD_SCHWELLEN);
    expect(loadConfig({ THRESHOLD_DEFAULT: '40', THRESHOLD_BEZIRK: '20' }).thresholds).toEqual({ default: 40, bezirk: 20 });
  });

  it('gives a Bezirk its own threshold and every other type the default', () => {
    const s = { default: 40, bezirk: 20 };
    expect(schwelleFuer('bezirk', s)).toBe(20);
    for (const typ of ['gemeinde', 'markt', 'stadt', 'vg', 'landkreis', 'kreisfreie_stadt', 'amt']) expect(schwelleFuer(typ, s)).toBe(40);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(STANDARD_SCHWELLEN)).toBe(true);
  });
});
