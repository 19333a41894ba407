import { z } from 'zod';
import { ENVIRONMENTS, KEY_DERIVATIONS } from '../../settings/api-profile';
import { command } from '../contract';
import { errorSchema } from '../errors';

/** The connection test and the diagnostics of the EnKash dialect (login, key derivation, wrappers). */

const paise = z.number().int();

const stepSchema = z.object({
  step: z.enum(['login', 'balance']),
  ok: z.boolean(),
  message: z.string(),
  ms: z.number().int().nonnegative(),
});

export const connectionResultSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  ok: z.boolean(),
  verdict: z.string(),
  steps: z.array(stepSchema),
  balancePaise: paise.nullable(),
});
export type ConnectionResult = z.infer<typeof connectionResultSchema>;

export const diagnosticsSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  configuredDerivation: z.enum(KEY_DERIVATIONS),
  detectedDerivation: z.enum(KEY_DERIVATIONS).nullable(),
  tokenStyle: z.string().nullable(),
  tokenExpiresInSeconds: z.number().nullable(),
  responseWrapper: z.string().nullable(),
  responsesEncrypted: z.boolean().nullable(),
  derivations: z.array(z.object({ derivation: z.enum(KEY_DERIVATIONS), result: z.string() })),
  errors: z.array(errorSchema),
  /** Per call: answered / not found / refused … (issue 11 point 4). */
  calls: z.array(z.object({ label: z.string(), path: z.string(), outcome: z.string(), detail: z.string() })),
  /** The same report as plain text for a support mail (src/main/enkash/diagnose-table.ts). */
  table: z.string(),
});
export type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const connectionContracts = {
  testConnection: command('connection:test-connection', z.undefined(), connectionResultSchema),
  runDiagnostics: command('connection:run-diagnostics', z.undefined(), diagnosticsSchema),
};
