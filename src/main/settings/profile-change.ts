import { AppError } from '../../shared/domain/errors';
import { apiProfileSchema, type ApiProfile } from '../../shared/settings/api-profile';
import { PRODUCTION_CONFIRMATION, productionGuardedChanges } from '../../shared/settings/profile-guard';
import type { Settings } from '../../shared/settings/settings';
import { appendAuditOps } from '../db/audit';
import { transaction } from '../db/store/ops';
import type { Store } from '../db/store/store';
import type { Logger } from '../log';
import type { SettingsService } from './settings-service';

export type ProfileChangeDeps = { settings: SettingsService; store: Store; now: () => Date; log: Logger };

/**
 * The one way the app and the CLI save an API profile. A change that redirects Production payouts (its base
 * URL, or a path while Production is the environment) is refused unless `confirmation` is exactly PRODUCTION,
 * and is written to the hash-chained audit log with its before and after values. The check lives here, in
 * main, because a renderer (or a script) can send anything.
 */
export async function saveApiProfile(
  deps: ProfileChangeDeps,
  candidate: ApiProfile,
  opts: { confirmation?: string; source: 'app' | 'cli' },
): Promise<Settings> {
  const parsed = apiProfileSchema.safeParse(candidate);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `API profile: ${first?.path.join('.') ?? ''} must be ${first?.message ?? 'valid'}.`,
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  const current = deps.settings.get();
  const changes = productionGuardedChanges(current.apiProfile, parsed.data, current.environment);
  if (changes.length && opts.confirmation !== PRODUCTION_CONFIRMATION) {
    throw new AppError(
      'conflict',
      `Changing ${changes.map((c) => c.key).join(', ')} redirects Production payouts; type ${PRODUCTION_CONFIRMATION} to confirm. Nothing was saved.`,
      { keys: changes.map((c) => c.key), confirmation: PRODUCTION_CONFIRMATION },
    );
  }
  if (changes.length) {
    // Audited before the file is written: an entry for a save that then failed is noise, a redirect of
    // Production without an entry would be a hole in the trail.
    const entry = {
      at: deps.now().toISOString(),
      entity: 'settings',
      entityId: 'apiProfile',
      action: 'production-profile-change',
      data: { source: opts.source, environment: current.environment, changes },
    };
    await deps.store.run(transaction(() => appendAuditOps(entry)));
    deps.log.warn('settings.production_profile_changed', { keys: changes.map((c) => c.key), source: opts.source });
  }
  return deps.settings.updateApiProfile(parsed.data);
}
