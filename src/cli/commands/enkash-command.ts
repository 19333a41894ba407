import { parseArgs, type CliCommand, type CliIo } from '../command';
import { type CliApp, type CliAppOptions, openCliApp } from '../app-context';
import { checkFlags, reportFailure } from '../enkash-from-env';

export type EnkashCommandContext = {
  flags: Record<string, string | true>;
  positionals: string[];
  io: CliIo;
  asJson: boolean;
  /** Opens the data folder and the EnKash session (after the body has checked its arguments); closed at the end. */
  open: () => Promise<CliApp>;
};

/**
 * A one-call EnKash command (`balance`, `beneficiaries`): `--json`, the connection flags, unknown options
 * refused, the app runtime opened late and always closed, and failures reported the CLI's one way.
 */
export function enkashCommand(
  /** `booleans`: own options that never take a value (so `--penny-drop file.csv` keeps the file positional). */
  spec: { name: string; summary: string; usage: string; options: readonly string[]; booleans?: readonly string[] },
  deps: Pick<CliAppOptions, 'fetch'>,
  body: (ctx: EnkashCommandContext) => Promise<number>,
): CliCommand {
  const { options, booleans = [], ...described } = spec;
  return {
    ...described,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json', 'verbose', ...booleans]);
      const asJson = flags.json === true;
      let app: CliApp | undefined;
      try {
        checkFlags(flags, ['json', ...options]);
        const open = async () => (app ??= await openCliApp(flags, io, { fetch: deps.fetch, sandboxBaseUrl: 'refuse' }));
        return await body({ flags, positionals, io, asJson, open });
      } catch (error) {
        return reportFailure(error, io, asJson, spec.usage);
      } finally {
        await app?.close();
      }
    },
  };
}
