import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/log';
import { createSettingsService, type SettingsBackend } from '../../../src/main/settings/settings-service';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings/settings';

function memoryBackend(initial: unknown): SettingsBackend & { written: Settings[] } {
  const written: Settings[] = [];
  return { read: () => initial, write: (s) => written.push(s), written };
}

describe('settings service', () => {
  it('starts in Sandbox on first run', () => {
    const s = createSettingsService(memoryBackend(undefined), createLogger(null));
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.get().environment).toBe('sandbox');
  });

  it('keeps valid parts of a hand-edited file and resets only the broken part', () => {
    const lines: string[] = [];
    const raw = {
      ...DEFAULT_SETTINGS,
      environment: 'uat',
      apiProfile: { ...DEFAULT_SETTINGS.apiProfile, batchChunkSize: -5 },
    };
    const s = createSettingsService(
      memoryBackend(raw),
      createLogger(null, (l) => lines.push(l)),
    );
    expect(s.get().environment).toBe('uat');
    expect(s.get().apiProfile.batchChunkSize).toBe(100);
    expect(lines.join()).toContain('settings.field_reset');
  });

  it('validates before writing and notifies listeners', () => {
    const backend = memoryBackend(undefined);
    const s = createSettingsService(backend, createLogger(null));
    const seen: string[] = [];
    s.onChange((next) => seen.push(next.environment));
    s.setEnvironment('uat');
    expect(() => s.updateApiProfile({ ...s.get().apiProfile, batchChunkSize: 0 })).toThrow();
    expect(backend.written.map((w) => w.environment)).toEqual(['uat']);
    expect(seen).toEqual(['uat']);
  });
});
