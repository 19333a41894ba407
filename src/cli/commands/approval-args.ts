import { flagText, parseArgs, UsageError } from '../command';
import { APP_FLAGS } from '../app-context';

/**
 * `approve`/`reject` arguments: the batch as `--batch ID` or the first argument (not both, unless equal), plus each
 * command's own text flag (`--total` or `--reason`).
 */
export function approvalArgs(args: string[], textFlag: 'total' | 'reason') {
  const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
  const own: readonly string[] = ['json', 'batch', 'server', textFlag, ...APP_FLAGS];
  const unknown = Object.keys(flags).find((f) => !own.includes(f));
  if (unknown) throw new UsageError(`Unknown option --${unknown}`);
  if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`);
  const fromFlag = flagText(flags.batch, 'batch');
  const given = [fromFlag, positionals[0]].filter((v): v is string => v !== undefined);
  if (given.length === 0) throw new UsageError('Name the batch: --batch ID (or the id as the first argument)');
  if (given.length === 2 && given[0] !== given[1]) throw new UsageError('Two different batch ids were given');
  if (!/^\d{1,12}$/.test(given[0]!)) throw new UsageError(`"${given[0]}" is not a batch number`);
  const text = flagText(flags[textFlag], textFlag);
  if (text === undefined) {
    throw new UsageError(
      textFlag === 'total' ? '--total RUPEES is required: type the batch total' : '--reason TEXT is required',
    );
  }
  const server = flagText(flags.server, 'server');
  return { flags, batchId: Number(given[0]), text, server, asJson: flags.json === true };
}
