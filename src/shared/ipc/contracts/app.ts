import { z } from 'zod';
import { ENVIRONMENTS } from '../../settings/api-profile';
import { command, event } from '../contract';

export const appInfoSchema = z.object({
  version: z.string(),
  environment: z.enum(ENVIRONMENTS),
  dataDir: z.string(),
  platform: z.string(),
  sandboxUrl: z.string().nullable(),
});

export const appContracts = {
  getAppInfo: command('app:get-info', z.undefined(), appInfoSchema),
  /** Shows a file main saved this session in the OS file manager (any other path is refused). */
  revealFile: command(
    'app:reveal-file',
    z.object({ path: z.string().min(1).max(4096) }),
    z.object({ revealed: z.literal(true) }),
  ),
};

export const appEvents = {
  /** Sent when the environment or profile changes, so every screen refreshes what it shows. */
  settingsChanged: event('app:settings-changed', z.object({ environment: z.enum(ENVIRONMENTS) })),
};
