import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWireTime } from '../../../src/main/sandbox/paging';
import { createPayout } from '../../../src/main/sandbox/payouts';
import { deserializeState, loadState, saveState, serializeState } from '../../../src/main/sandbox/state';
import { item, testEngine, wire } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('state persistence', () => {
  it('serialises and restores the whole state, Maps included', () => {
    const { engine, clock } = testEngine();
    createPayout(engine, wire(item('T1')), clock.t);
    const copy = deserializeState(serializeState(engine.state));
    expect(copy.payouts.get('T1')).toEqual(engine.state.payouts.get('T1'));
    expect(copy.ledger).toEqual(engine.state.ledger);
    expect(copy.balancePaise).toBe(engine.state.balancePaise);
    expect(copy.sourceAccounts).toEqual(engine.state.sourceAccounts);
  });

  it('saves atomically (no temp file left) and loads back; a missing file is null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-'));
    dirs.push(dir);
    const file = join(dir, 's.json');
    expect(loadState(file)).toBeNull();
    const { engine } = testEngine();
    saveState(file, engine.state);
    saveState(file, engine.state);
    expect(readdirSync(dir)).toEqual(['s.json']);
    expect(loadState(file)?.balancePaise).toBe(engine.state.balancePaise);
  });

  it('rejects an unknown format version', () => {
    expect(() => deserializeState('{"version":99}')).toThrow();
  });
});

describe('parseWireTime', () => {
  it('reads zoned date-times as given and zone-less ones as IST', () => {
    expect(parseWireTime('2025-01-06T10:00:00Z', 'start')).toBe(Date.UTC(2025, 0, 6, 10));
    expect(parseWireTime('2025-01-06T10:00:00+0530', 'start')).toBe(Date.UTC(2025, 0, 6, 4, 30));
    expect(parseWireTime('2025-01-06T10:00:00', 'start')).toBe(Date.UTC(2025, 0, 6, 4, 30));
    expect(parseWireTime('2025-01-06T10:00:00.123456Z', 'start')).toBe(Date.UTC(2025, 0, 6, 10, 0, 0, 123));
  });

  it('spans a whole IST day for a bare date', () => {
    expect(parseWireTime('2025-01-06', 'start')).toBe(Date.UTC(2025, 0, 5, 18, 30));
    expect(parseWireTime('2025-01-06', 'end')).toBe(Date.UTC(2025, 0, 6, 18, 30) - 1);
  });

  it('returns null for anything else', () => {
    for (const bad of [undefined, '', 'yesterday', '06/01/2025', '2025-13-45'])
      expect(parseWireTime(bad, 'start')).toBeNull();
  });
});
