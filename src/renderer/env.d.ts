import type { Api } from '../shared/ipc/registry';

declare global {
  // Global augmentation needs an interface (declaration merging).
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** Exposed by the preload (or the e2e stand-in); the only bridge to the main process. */
    api: Api;
  }
}
