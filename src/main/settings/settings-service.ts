import { DEFAULT_API_PROFILE, type ApiProfile, type Environment } from '../../shared/settings/api-profile';
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type Connection,
  type Settings,
  type UiPrefs,
} from '../../shared/settings/settings';
import type { VerificationPrefs } from '../../shared/settings/verification-settings';
import type { Logger } from '../log';

/** The part of electron-store / conf we use, so the CLI and tests can use `conf` without Electron. */
export type SettingsBackend = { read(): unknown; write(value: Settings): void };

/**
 * Reads settings leniently: a hand-edited or older file keeps every part that still validates and falls back
 * to defaults for the rest (logged), so a typo in one field never loses the environment or the mappings.
 */
function readSettings(raw: unknown, log: Logger): Settings {
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const merged = { ...DEFAULT_SETTINGS };
  for (const key of ['environment', 'apiProfile', 'ui', 'verification', 'connection'] as const) {
    const candidate = settingsSchema.safeParse({ ...merged, [key]: source[key] });
    // The parsed part, not the raw one: defaults of fields added since the file was written are filled in.
    if (candidate.success) Object.assign(merged, { [key]: candidate.data[key] });
    else if (source[key] !== undefined) log.warn('settings.field_reset', { field: key });
  }
  return merged;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService(backend: SettingsBackend, log: Logger) {
  let current = readSettings(backend.read(), log);
  const listeners = new Set<(s: Settings) => void>();
  const save = (next: Settings): Settings => {
    const valid = settingsSchema.parse(next);
    backend.write(valid);
    current = valid;
    for (const l of listeners) l(valid);
    return valid;
  };
  return {
    get: (): Settings => current,
    setEnvironment: (environment: Environment): Settings => save({ ...current, environment }),
    updateApiProfile: (apiProfile: ApiProfile): Settings => save({ ...current, apiProfile }),
    resetApiProfile: (): Settings => save({ ...current, apiProfile: DEFAULT_API_PROFILE }),
    updateUi: (ui: Partial<UiPrefs>): Settings => save({ ...current, ui: { ...current.ui, ...ui } }),
    updateVerification: (verification: VerificationPrefs): Settings => save({ ...current, verification }),
    setConnection: (connection: Connection): Settings => save({ ...current, connection }),
    onChange(listener: (s: Settings) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
