import Papa from 'papaparse';
import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { all, q, run, transaction, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { getAccountingSettingOps, setAccountingSettingOps } from './accounting-settings';

/**
 * Ledger names for the Tally export: the bank ledger (set once, remembered) and the party ledger per payee
 * (the payee name unless a CSV mapped it; a mapping is remembered once given). Tally rejects a voucher whose
 * ledger it does not know, so the names can be checked against a Tally "List of Accounts" export.
 */

const BANK_LEDGER_KEY = 'tally.bank_ledger';

/** The remembered bank ledger; null before the user named one. */
export function getBankLedgerOps(): Ops<string | null> {
  return getAccountingSettingOps(BANK_LEDGER_KEY);
}

export function getBankLedger(db: Db): string | null {
  return runSqlite(db, getBankLedgerOps());
}

export function* setBankLedgerOps(name: string, at: Date): Ops<void> {
  yield* setAccountingSettingOps(BANK_LEDGER_KEY, cleanLedger(name, 'bank ledger'), at);
}

export function setBankLedger(db: Db, name: string, at: Date): void {
  runSqlite(db, setBankLedgerOps(name, at));
}

/**
 * The ledger map's key: the same payee name whatever the case and spacing of the sheet ("RAVI  kumar" is "Ravi
 * Kumar"). By name, because Tally ledgers are named; rules/duplicates' payeeKey keys a payee by bank details.
 */
function payeeNameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

function cleanLedger(name: string, what: string): string {
  const ledger = name.replace(/\s+/g, ' ').trim();
  // Tally ledger names are at most 100 characters here; a longer cell is a mistake in the mapping file.
  if (!ledger || ledger.length > 100) throw new AppError('invalid_input', `The ${what} name is empty or too long.`);
  return ledger;
}

export type PartyMapping = { payeeName: string; ledger: string };

/**
 * Reads a payee → ledger CSV: a header row naming a payee column ("Payee", "Payee name", "Name") and a
 * ledger column ("Ledger", "Tally ledger", "Party ledger"); without such a header, the first two columns.
 */
export function parsePartyLedgersCsv(text: string): PartyMapping[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.filter((r) => Array.isArray(r));
  if (!rows.length) throw new AppError('invalid_input', 'The party ledger file has no rows.');
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  let payeeCol = header.findIndex((h) => ['payee', 'payee name', 'name', 'beneficiary name'].includes(h));
  let ledgerCol = header.findIndex((h) => ['ledger', 'tally ledger', 'party ledger', 'ledger name'].includes(h));
  const hasHeader = payeeCol >= 0 && ledgerCol >= 0;
  if (!hasHeader) [payeeCol, ledgerCol] = [0, 1];
  const out: PartyMapping[] = [];
  for (const [i, row] of rows.slice(hasHeader ? 1 : 0).entries()) {
    const payee = row[payeeCol]?.trim() ?? '';
    const ledger = row[ledgerCol]?.trim() ?? '';
    if (!payee && !ledger) continue;
    if (!payee || !ledger) {
      throw new AppError(
        'invalid_input',
        `Party ledger file line ${i + (hasHeader ? 2 : 1)} needs a payee and a ledger.`,
      );
    }
    out.push({ payeeName: payee, ledger: cleanLedger(ledger, 'party ledger') });
  }
  return out;
}

/**
 * Remembers the mappings, all or none (a later file overrides an earlier mapping of the same payee; within one
 * file the last line for a payee wins, as it always did row by row).
 */
export function* rememberPartyLedgersOps(mappings: readonly PartyMapping[], at: Date): Ops<number> {
  const when = at.toISOString();
  yield* transaction(function* () {
    for (const m of mappings) {
      yield* run(
        q`INSERT INTO tally_party_ledgers (payee_key, payee_name, ledger, updated_at)
          VALUES (${payeeNameKey(m.payeeName)}, ${m.payeeName}, ${m.ledger}, ${when})
          ON CONFLICT (payee_key) DO UPDATE SET payee_name = excluded.payee_name, ledger = excluded.ledger,
            updated_at = excluded.updated_at`,
      );
    }
  });
  return mappings.length;
}

export function rememberPartyLedgers(db: Db, mappings: readonly PartyMapping[], at: Date): number {
  return runSqlite(db, rememberPartyLedgersOps(mappings, at));
}

/** A resolver payee name → party ledger over the remembered mappings. */
export function* partyLedgerResolverOps(): Ops<(payeeName: string) => string> {
  const rows = yield* all<{ k: string; ledger: string }>(q`SELECT payee_key AS k, ledger FROM tally_party_ledgers`);
  const map = new Map(rows.map((r) => [r.k, r.ledger]));
  return (payeeName) => map.get(payeeNameKey(payeeName)) ?? payeeName.replace(/\s+/g, ' ').trim();
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Ledger names in a Tally "List of Accounts" XML export: each `<LEDGER NAME="…">` and the names (aliases) in
 * its NAME.LIST. Tally writes these files as UTF-16 with a BOM or as UTF-8; both are accepted.
 */
export function ledgerNamesFromTallyXml(bytes: Uint8Array): Set<string> {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
  const names = new Set<string>();
  for (const m of text.matchAll(/<LEDGER\b([^>]*)>([\s\S]*?)<\/LEDGER>/gi)) {
    const attr = /\bNAME\s*=\s*"([^"]*)"/i.exec(m[1] ?? '');
    if (attr?.[1]) names.add(unescapeXml(attr[1]).trim());
    for (const alias of (m[2] ?? '').matchAll(/<NAME\.LIST\b[^>]*>([\s\S]*?)<\/NAME\.LIST>/gi)) {
      for (const n of (alias[1] ?? '').matchAll(/<NAME>([\s\S]*?)<\/NAME>/gi))
        names.add(unescapeXml(n[1] ?? '').trim());
    }
  }
  if (!names.size) throw new AppError('invalid_input', 'No ledgers found in the Tally list of accounts (XML).');
  return names;
}

/** The names Tally does not know (Tally compares ledger names without regard to case). */
export function missingLedgers(used: readonly string[], known: ReadonlySet<string>): string[] {
  const lower = new Set([...known].map((n) => n.toLowerCase()));
  return used.filter((n) => !lower.has(n.toLowerCase()));
}
