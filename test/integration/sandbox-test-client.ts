import { request, type IncomingHttpHeaders } from 'node:http';
import { decryptText, deriveKey, encryptText, type KeyDerivation } from '../../src/main/enkash/crypto';
import { SANDBOX_DEMO } from '../../src/main/sandbox/demo-credentials';

/**
 * A deliberately tiny EnKash client for the sandbox's own integration tests, built only on node:http and the
 * crypto helpers, so the simulator is tested independently of the real client in src/main/enkash.
 */

export type RawResponse = { status: number; headers: IncomingHttpHeaders; text: string };

/** One HTTP exchange on a fresh connection; rejects when the socket dies before an answer (a "timeout"). */
export function rawRequest(
  url: string,
  opts: { method: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // Node does not frame a DELETE body by default, so the length is always sent explicitly.
    const headers = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = request(url, { method: opts.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export type ApiResponse = {
  status: number;
  /** The outer JSON body as received. */
  outer: Record<string, unknown>;
  /** The decrypted plaintext when the body was an envelope, else the outer body. */
  plain: Record<string, unknown>;
  encrypted: boolean;
};

export type LoginForm = {
  username?: string;
  password?: string;
  clientId?: string;
  grant_type?: string;
  basic?: string;
};

export class TestClient {
  token: string | undefined;

  constructor(
    readonly baseUrl: string,
    public derivation: KeyDerivation = 'sha256-16',
    readonly secret: string = SANDBOX_DEMO.clientSecret,
  ) {}

  get key(): Buffer {
    return deriveKey(this.secret, this.derivation);
  }

  async login(form: LoginForm = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const basic = form.basic ?? Buffer.from(`${SANDBOX_DEMO.clientId}:${SANDBOX_DEMO.clientSecret}`).toString('base64');
    const res = await rawRequest(`${this.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: form.username ?? SANDBOX_DEMO.username,
        password: form.password ?? SANDBOX_DEMO.password,
        grant_type: form.grant_type ?? 'password',
        clientId: form.clientId ?? SANDBOX_DEMO.clientId,
      }).toString(),
    });
    const body = JSON.parse(res.text) as Record<string, unknown>;
    const token = body.access_token ?? body.accessToken;
    if (res.status === 200 && typeof token === 'string') this.token = token;
    return { status: res.status, body };
  }

  /** Sends `body` in an encrypted envelope (or `rawBody` as is) and opens an encrypted answer. */
  async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    opts: { rawBody?: string; headers?: Record<string, string>; plainText?: string } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { 'user-agent': 'sandbox-test/1', 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    Object.assign(headers, opts.headers);
    let payload: string | undefined = opts.rawBody;
    if (payload === undefined && (body !== undefined || opts.plainText !== undefined)) {
      payload = JSON.stringify({ request: encryptText(opts.plainText ?? JSON.stringify(body), this.key) });
    }
    const res = await rawRequest(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const outer = JSON.parse(res.text) as Record<string, unknown>;
    if (typeof outer.request === 'string') {
      return { status: res.status, outer, plain: JSON.parse(decryptText(outer.request, this.key)), encrypted: true };
    }
    return { status: res.status, outer, plain: outer, encrypted: false };
  }
}

/** A valid inline-beneficiary transfer, overridable per test. Amount text is sent verbatim via plainText. */
export function transfer(transactionId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId,
    transferAmount: 100.5,
    transferMode: 'IMPS',
    transferRemark: 'Salary June',
    beneficiaryDetail: {
      beneficiaryName: 'Ravi Kumar',
      beneficiaryAccountNumber: '123456789012',
      beneficiaryIfsc: 'HDFC0000001',
    },
    ...extra,
  };
}

export const PATHS = {
  beneficiary: '/api/v0/beneficiary-detail',
  beneficiarySearch: '/api/v0/beneficiary-detail/search',
  payout: '/api/v0/payout-transaction',
  batch: '/api/v0/payout-transaction/batch',
  search: '/api/v0/payout-transaction/search',
  balance: `/api/v0/payout-account/balance?fundSourceId=${SANDBOX_DEMO.fundSourceId}`,
  bankDetails: '/api/v0/payout-account/bank-details',
  whitelist: '/api/v0/bankDetail/whitelist',
  statement: '/api/v0/payout-account/statement',
  webhook: '/api/v0/webhook-data',
} as const;

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 6, 4, 30)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
