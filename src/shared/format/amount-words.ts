/**
 * An amount in Indian words for payment advices and cheques-style lines: "Rupees One Lakh Twenty Three
 * Thousand Four Hundred Fifty Six and Seventy Eight Paise Only". Indian numbering (thousand, lakh, crore);
 * above 99 crore the crore count is itself said in words ("One Lakh Crore"), as Indian banks print it.
 */

const ONES = [
  'Zero',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function belowHundred(n: number): string {
  if (n < 20) return ONES[n] as string;
  const unit = n % 10;
  return unit ? `${TENS[Math.floor(n / 10)]} ${ONES[unit]}` : (TENS[n / 10] as string);
}

/** Words for a whole number > 0 (no "Zero" parts). */
function words(n: number): string {
  const parts: string[] = [];
  const crore = Math.floor(n / 1_00_00_000);
  if (crore) parts.push(`${words(crore)} Crore`);
  const lakh = Math.floor(n / 1_00_000) % 100;
  if (lakh) parts.push(`${belowHundred(lakh)} Lakh`);
  const thousand = Math.floor(n / 1000) % 100;
  if (thousand) parts.push(`${belowHundred(thousand)} Thousand`);
  const hundred = Math.floor(n / 100) % 10;
  if (hundred) parts.push(`${ONES[hundred]} Hundred`);
  const rest = n % 100;
  if (rest) parts.push(belowHundred(rest));
  return parts.join(' ');
}

/** Integer paise in Indian words. Throws RangeError for a fraction of a paisa or a negative amount. */
export function paiseInWords(paise: number): string {
  if (!Number.isSafeInteger(paise) || paise < 0) throw new RangeError('Amount must be whole, non-negative paise');
  const rupees = Math.floor(paise / 100);
  const p = paise % 100;
  const head = `Rupees ${rupees ? words(rupees) : 'Zero'}`;
  return p ? `${head} and ${belowHundred(p)} Paise Only` : `${head} Only`;
}
