import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ParsedSheet, ParseOutcome } from '../../../src/shared/sheet/index';

/** A fixture's exact bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
}

export function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Narrows a parse outcome to the sheet, failing the test with the file error otherwise. */
export function sheetOf(outcome: ParseOutcome): ParsedSheet {
  if (!outcome.ok) expect.fail(`expected a sheet, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.sheet;
}
