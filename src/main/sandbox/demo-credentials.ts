/**
 * Credentials of the built-in Sandbox simulator. They open nothing but the simulator on 127.0.0.1, which
 * is why they may live in source: a new user can try the whole flow with no EnKash account.
 */
export const SANDBOX_DEMO = {
  clientId: 'CEKSANDBX1',
  clientSecret: 'sandbox-demo-secret',
  username: 'demo@sandbox.local',
  password: 'sandbox-demo-pass',
  companyId: 'CEKSANDBX1',
  fundSourceId: 'EKSANDBOX1',
} as const;
